using CsCheck;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Tests.Properties;

/// <summary>
/// Random sequences of logins, readies, submits, offers, starts, ends, timeouts, logouts, cancels and
/// transfers, with the core's invariants checked after every step.
/// </summary>
public class InvariantProperties
{
    private static readonly long Start = LabHarness.SeedMorning;

    [Fact]
    public void Under_any_workload_no_agent_exceeds_its_limit_no_task_is_held_twice_and_every_task_ends_at_most_once() =>
        RandomWorkload.WorkloadGen.Sample(steps => Run(steps), iter: 400);

    [Fact]
    public void Every_task_is_accounted_for_at_the_end_ended_once_or_still_live() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            var (engine, created, ended, contacts) = Run(steps);
            foreach (var task in created)
            {
                if (ended.GetValueOrDefault(task) == 1) continue;
                // Not ended: then it is the live task of its contact, waiting or held.
                var owner = contacts.Select(engine.FindContact).SingleOrDefault(c => c?.Task == task);
                Assert.True(owner is not null, $"task {task} neither ended nor live");
                Assert.Contains(owner!.Status, new[] { ContactStatus.Queued, ContactStatus.Reserved });
            }
        }, iter: 300);

    [Fact]
    public void No_refused_command_changes_anything() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            var engine = RandomWorkload.Engine();
            var contacts = new List<Guid>();
            var now = Start;
            foreach (var step in steps)
            {
                now += step.Seconds * 1000L;
                if (RandomWorkload.Resolve(engine, step, now, contacts) is not { } command) continue;
                // Let due deadlines fire first, so only the command itself can be refused.
                engine.Tick(now);
                var result = engine.Execute(command);
                if (!result.Succeeded)
                {
                    Assert.NotNull(result.Detail);
                    // The one refusal that still does something: a repeated sign-in resets the agent's
                    // settings (Finesse's recovery). That shows as the agent's state events and, when
                    // the reset raises its task limit, as waiting tasks routed to that agent and no other.
                    if (result.Applied)
                    {
                        Assert.True(command is SignIn { ResetIfSignedIn: true } && result.Status == ArmStatus.AgentAlreadyLoggedIn, $"{command} applied and refused");
                        var events = engine.Events.ToArray();
                        var routedToIt = events.Where(e => e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND).ToList();
                        Assert.All(routedToIt, e => Assert.Equal(((SignIn)command).Agent, e.LoginId));
                        var tasks = routedToIt.Select(e => e.Task).ToHashSet();
                        Assert.All(events, e => Assert.True(e.Task == 0 || tasks.Contains(e.Task), $"{e} is not the agent's own or a task routed to it"));
                    }
                    else Assert.Equal(0, engine.Events.Length);
                }
                Assert.DoesNotContain(engine.Events.ToArray(), e => e.Message == MessageType.FAILURE_RESP);
            }
        }, iter: 300);

    private static (RoutingEngine Engine, HashSet<int> Created, Dictionary<int, int> Ended, List<Guid> Contacts) Run(RandomWorkload.Step[] steps)
    {
        var engine = RandomWorkload.Engine();
        var contacts = new List<Guid>();
        var created = new HashSet<int>();
        var ended = new Dictionary<int, int>();
        var now = Start;
        foreach (var step in steps)
        {
            now += step.Seconds * 1000L;
            if (RandomWorkload.Resolve(engine, step, now, contacts) is not { } command) continue;
            engine.Execute(command);
            foreach (var e in engine.Events)
            {
                if (e.Message == MessageType.NEW_TASK) created.Add(e.Task);
                if (e.EndsTask)
                {
                    ended[e.Task] = ended.GetValueOrDefault(e.Task) + 1;
                    Assert.True(ended[e.Task] == 1, $"task {e.Task} ended twice");
                }
            }
            Assert.Null(engine.CheckInvariants());
        }
        return (engine, created, ended, contacts);
    }
}
