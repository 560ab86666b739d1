using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests.Simulation;

/// <summary>
/// Deterministic simulation of the server's writer loop over an in-memory journal: seeded random
/// work (submits, cancels, agents signing in and out, desktops dropping and the presence policy
/// signing their agents out, every dialog action, RONA by letting time pass), clock jumps, and
/// restarts from the journal at random points (from a snapshot and the journal after it, when the
/// run keeps snapshots). After every
/// step the core's invariants hold and a restart rebuilds the same state; at the end every
/// submitted task ended exactly once or is still held. A failing seed reproduces exactly.
/// </summary>
public class WriterLoopSimulationTests
{
    private static readonly string[] Selectors = [LabConfiguration.TaskSelector, LabConfiguration.ChatSelector, LabConfiguration.EmailSelector, "CumulusSupport", "NoSuchSelector"];
    private static readonly int[] Mrds = [LabConfiguration.TaskMrd, LabConfiguration.ChatMrd, LabConfiguration.EmailMrd];

    [Theory]
    [InlineData(20241124, 250_000, 0)]
    [InlineData(1, 250_000, 0)]
    [InlineData(2, 250_000, 0)]
    [InlineData(3, 250_000, 0)]
    [InlineData(4, 250_000, 3_000)]
    public async Task Random_work_faults_and_restarts_keep_every_invariant_and_account_for_every_task(int seed, int steps, int snapshotEvery)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 13, 0, 0, TimeSpan.Zero));
        var journal = new InMemoryJournal();
        var snapshots = snapshotEvery > 0 ? new InMemorySnapshotStore() : null;
        var host = await Start(journal, time, snapshots, snapshotEvery);
        var contacts = new List<Guid>();
        var restarts = 0;
        var restored = 0;
        // Desktops that dropped, and when: past the presence timeout the logout policy signs their agents out.
        var dropped = new Dictionary<int, DateTimeOffset>();
        try
        {
            for (var step = 0; step < steps; step++)
            {
                var roll = random.Next(1000);
                // A restart replays the whole journal so far: a few per run, at random points.
                if (random.Next(steps / 6) == 0)
                {
                    // A restart from the journal: the same commands must rebuild the same state.
                    var before = await host.QueryAsync((engine, _) => Fingerprint(engine));
                    await host.StopAsync(CancellationToken.None);
                    host.Dispose();
                    host = await Start(journal, time, snapshots, snapshotEvery);
                    restarts++;
                    if (host.RestoredSnapshot is not null) restored++;
                    Assert.Equal(before, await host.QueryAsync((engine, _) => Fingerprint(engine)));
                    continue;
                }
                if (roll < 60)
                {
                    // Time passes: timers fire (RONA, task life, waits); now and then the clock jumps an hour.
                    time.Advance(roll < 5 ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(random.Next(1, 90)));
                    await host.QueryAsync((_, _) => 0);
                    foreach (var (login, since) in dropped.Where(d => time.GetUtcNow() - d.Value >= PresenceTimeout).ToList())
                    {
                        dropped.Remove(login);
                        foreach (var mrd in Mrds) await host.ExecuteAsync(now => new SignOut(now, login, mrd));
                    }
                }
                else if (roll < 70)
                {
                    // A desktop drops (closed browser, lost network) or comes back before the timeout.
                    var login = 1080 + random.Next(10);
                    if (!dropped.Remove(login)) dropped[login] = time.GetUtcNow();
                }
                else
                {
                    var pick = random.Next(100);
                    var a = random.Next(10);
                    var m = Mrds[random.Next(Mrds.Length)];
                    var b = random.Next(10);
                    // One trip through the loop: decide the command on the engine as it is, run it, check the invariants.
                    var (_, broken) = await host.DecideAsync<string?>((engine, now) => (Resolve(engine, now, pick, a, m, b, contacts), engine.CheckInvariants()), (engine, _) => engine.CheckInvariants());
                    Assert.True(broken is null, $"seed {seed}, step {step}: {broken}");
                    continue;
                }
                var invariant = await host.QueryAsync((engine, _) => engine.CheckInvariants());
                Assert.True(invariant is null, $"seed {seed}, step {step}: {invariant}");
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        // Every task ended at most once, and a task that did not end is still held by the engine.
        var ends = journal.Events().Where(e => e.EndsTask).GroupBy(e => e.Task).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(ends, end => Assert.Equal(1, end.Value));
        var engine = new RoutingEngine(LabConfiguration.Create());
        foreach (var command in journal.ReadCommands()) engine.Execute(command.Command);
        var tasks = journal.Events().Where(e => e.Message == MessageType.NEW_TASK).Select(e => e.Task).Distinct().ToList();
        Assert.All(tasks, task => Assert.True(ends.ContainsKey(task) || engine.Contacts.Any(c => c.Task == task), $"task {task} neither ended nor held"));
        Assert.True(restarts > 0 && tasks.Count > 1000, $"{restarts} restarts, {tasks.Count} tasks: the workload must exercise them");
        if (snapshots is not null) Assert.True(restored > 0, $"none of {restarts} restarts restored a snapshot");
    }

    private static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(60);

    private static async Task<EngineHost> Start(InMemoryJournal journal, TimeProvider time, InMemorySnapshotStore? snapshots = null, int snapshotEvery = 0)
    {
        var host = new EngineHost(new RoutingEngine(LabConfiguration.Create()), journal, time, NullLogger<EngineHost>.Instance, snapshots: snapshots, snapshotEvery: snapshotEvery);
        await host.StartAsync(CancellationToken.None);
        return host;
    }

    // What must survive a restart: every agent's media state and every live contact's status.
    private static string Fingerprint(RoutingEngine engine) =>
        string.Join(';', LabConfiguration.Create().Agents.SelectMany(a => engine.AgentMedia(a.LoginId).Select(m => $"{a.LoginId}/{m.MrdId}:{m.State}:{m.NumTasks}:{m.MaxTaskLimit}:{m.Routable}")))
        + "|" + string.Join(';', engine.Contacts.OrderBy(c => c.Task).Select(c => $"{c.Task}:{c.Status}:{c.TaskId}"));

    private static Command? Resolve(RoutingEngine engine, long now, int pick, int a, int mrd, int b, List<Guid> contacts)
    {
        var agent = 1080 + a;
        switch (pick)
        {
            case < 22:
                var id = new Guid(contacts.Count + 1, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8]);
                contacts.Add(id);
                return new SubmitTask(now, new TaskData { ContactId = id, FeedId = LabConfiguration.TaskFeed, Name = "n", Title = "t", ScriptSelector = Selectors[b % Selectors.Length], Priority = b % 3 == 0 ? 1 + b : 0 });
            case < 25:
                return contacts.Count == 0 ? null : new CancelTask(now, contacts[(a * 7919 + b) % contacts.Count]);
            case < 32:
                return new SignIn(now, agent, mrd, 0, b % 2 == 0 ? InterruptAction.Accept : InterruptAction.Ignore, b % 3 == 0 ? DialogLogoutAction.Transfer : DialogLogoutAction.Close);
            case < 35:
                // An agent signing out, or a desktop that vanished and had its agent signed out by presence.
                return new SignOut(now, agent, mrd, b);
            case < 45:
                return new SetReady(now, agent, mrd);
            case < 48:
                return new SetReady(now, agent, mrd, false, b);
            case < 50:
                return new SetRoutable(now, agent, mrd, b % 2 == 0);
            case < 52:
                return new ChangeMaxTaskLimit(now, agent, mrd, 1 + b % 3);
            default:
                var dialogs = engine.Dialogs(agent);
                if (dialogs.Count == 0) return null;
                var dialog = dialogs[b % dialogs.Count].TaskId;
                var action = pick switch
                {
                    < 62 => DialogAction.Accept,
                    < 74 => DialogAction.Start,
                    < 77 => DialogAction.Pause,
                    < 80 => DialogAction.Resume,
                    < 84 => DialogAction.WrapUp,
                    < 97 => DialogAction.Close,
                    _ => DialogAction.Transfer,
                };
                return new ActOnDialog(now, agent, dialog, action, ScriptSelector: Selectors[b % Selectors.Length]);
        }
    }
}
