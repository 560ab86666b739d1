using System.Text;
using CsCheck;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Properties;

/// <summary>
/// A snapshot taken between any two commands, restored into a fresh engine, goes on exactly as the
/// engine it was taken from: the same events for the rest of the commands, and the same state.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void Restoring_a_snapshot_taken_at_any_command_and_running_the_rest_gives_the_same_events_and_state() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            var (commands, expected) = Resolve(steps);
            var reference = Run(commands, 0, RandomWorkload.Engine());

            // The engine snapshots are taken from keeps running: taking one changes nothing.
            var source = RandomWorkload.Engine();
            for (var cut = 0; cut <= commands.Count; cut++)
            {
                var snapshot = source.WriteSnapshot();
                var restored = RandomWorkload.Engine();
                restored.RestoreSnapshot(snapshot);
                Assert.Null(restored.CheckInvariants());
                var tail = Run(commands, cut, restored);
                Assert.Equal(expected.Skip(commands.Take(cut).Sum(c => c.Events)), tail.Events);
                Assert.Equal(Describe(reference.Engine), Describe(restored));
                Assert.Equal(reference.Engine.WriteSnapshot(), restored.WriteSnapshot());
                if (cut < commands.Count) source.Execute(commands[cut].Command);
            }
            Assert.Equal(Describe(reference.Engine), Describe(source));
        }, iter: 300);

    [Fact]
    public void A_restored_engine_writes_the_snapshot_it_was_restored_from() =>
        RandomWorkload.WorkloadGen.Sample(steps =>
        {
            var (commands, _) = Resolve(steps);
            var engine = Run(commands, 0, RandomWorkload.Engine()).Engine;
            var snapshot = engine.WriteSnapshot();
            var restored = RandomWorkload.Engine();
            restored.RestoreSnapshot(snapshot);
            Assert.Equal(snapshot, restored.WriteSnapshot());
        }, iter: 200);

    [Fact]
    public void The_lab_with_its_scripts_restores_mid_flow()
    {
        // The lab's scripts have branches (if, percent) and precision queues the random centre lacks.
        var harness = new LabHarness();
        var commands = new List<Command>();
        var now = LabHarness.SeedMorning;
        var random = new Random(3);
        string[] selectors = ["CumulusTask", "CumulusChat", "CumulusEmail", "CumulusSupport"];
        for (var agent = 1080; agent <= 1085; agent++)
        {
            commands.Add(new SignIn(now, agent, LabConfiguration.ChatMrd));
            commands.Add(new SetReady(now, agent, LabConfiguration.ChatMrd));
        }
        for (var i = 0; i < 400; i++)
        {
            now += random.Next(0, 8000);
            commands.Add(new SubmitTask(now, new TaskData
            {
                ContactId = new Guid(i, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0), FeedId = 100000, Name = "n", Title = "t",
                ScriptSelector = selectors[random.Next(selectors.Length)], CallVariables = [random.Next(3) == 0 ? "es" : "gold"],
            }));
            if (i % 3 == 0) commands.Add(new Tick(now + 1));
        }
        var reference = new List<string>();
        foreach (var c in commands)
        {
            harness.Engine.Execute(c);
            foreach (var e in harness.Engine.Events) reference.Add(e.ToString());
        }
        for (var cut = 0; cut < commands.Count; cut += 37)
        {
            var source = new RoutingEngine(LabConfiguration.Create());
            var before = 0;
            for (var i = 0; i < cut; i++)
            {
                source.Execute(commands[i]);
                before += source.Events.Length;
            }
            var restored = new RoutingEngine(LabConfiguration.Create());
            restored.RestoreSnapshot(source.WriteSnapshot());
            var events = new List<string>();
            for (var i = cut; i < commands.Count; i++)
            {
                restored.Execute(commands[i]);
                foreach (var e in restored.Events) events.Add(e.ToString());
            }
            Assert.Equal(reference.Skip(before), events);
            Assert.Equal(harness.Engine.WriteSnapshot(), restored.WriteSnapshot());
        }
    }

    [Fact]
    public void A_damaged_snapshot_is_refused_and_leaves_the_engine_fresh() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var steps = Enumerable.Range(0, 80).Select(_ => RandomWorkload.Step.From(random)).ToArray();
            var (commands, expected) = Resolve(steps);
            var snapshot = Run(commands, 0, RandomWorkload.Engine()).Engine.WriteSnapshot();
            var damaged = (byte[])snapshot.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            var engine = RandomWorkload.Engine();
            Assert.Throws<SnapshotException>(() => engine.RestoreSnapshot(damaged));
            Assert.Throws<SnapshotException>(() => engine.RestoreSnapshot(snapshot[..^1]));
            Assert.Throws<SnapshotException>(() => engine.RestoreSnapshot([]));
            // Still fresh: the full replay, the fallback, gives the original events.
            Assert.Equal(expected, Run(commands, 0, engine).Events);
        }, iter: 200);

    [Fact]
    public void A_snapshot_of_another_configuration_or_format_is_refused()
    {
        var harness = new LabHarness();
        harness.Ok((e, t) => e.SignIn(t, 1080, LabConfiguration.TaskMrd));
        harness.Ok((e, t) => e.SetReady(t, 1080, LabConfiguration.TaskMrd));
        harness.Submit();
        var snapshot = harness.Engine.WriteSnapshot();

        var other = LabConfiguration.Create();
        var changed = new RoutingConfiguration
        {
            Mrds = [.. other.Mrds.Select((m, i) => i == 0 ? new MediaRoutingDomain
            {
                Id = m.Id, Name = m.Name, MaxTasksPerAgent = m.MaxTasksPerAgent, Interruptible = m.Interruptible,
                TaskStartTimeoutSeconds = m.TaskStartTimeoutSeconds + 1, TaskLifeSeconds = m.TaskLifeSeconds,
                MaxTaskDurationSeconds = m.MaxTaskDurationSeconds, MaxTimeInQueueSeconds = m.MaxTimeInQueueSeconds, MaxTasksInQueue = m.MaxTasksInQueue,
            } : m)],
            SkillGroups = other.SkillGroups, Attributes = other.Attributes, PrecisionQueues = other.PrecisionQueues, Agents = other.Agents,
            ScriptSelectors = other.ScriptSelectors, TaskFeeds = other.TaskFeeds, RouterCallKeyStart = other.RouterCallKeyStart,
            UtcOffsetMinutes = other.UtcOffsetMinutes,
        };
        var error = Assert.Throws<SnapshotException>(() => new RoutingEngine(changed).RestoreSnapshot(snapshot));
        Assert.Contains("configuration", error.Message);

        // The same configuration built again (as a restart loads it from its file) is accepted.
        new RoutingEngine(LabConfiguration.Create()).RestoreSnapshot(snapshot);

        var future = (byte[])snapshot.Clone();
        future[4] = (byte)(RoutingEngine.SnapshotVersion + 1);
        Assert.Contains("format", Assert.Throws<SnapshotException>(() => new RoutingEngine(LabConfiguration.Create()).RestoreSnapshot(future)).Message);

        var used = harness.Engine;
        Assert.Throws<InvalidOperationException>(() => used.RestoreSnapshot(snapshot));
    }

    private static (List<(Command Command, int Events)> Commands, List<string> Events) Resolve(RandomWorkload.Step[] steps)
    {
        var engine = RandomWorkload.Engine();
        var contacts = new List<Guid>();
        var commands = new List<(Command, int)>();
        var events = new List<string>();
        var now = LabHarness.SeedMorning;
        foreach (var step in steps)
        {
            now += step.Seconds * 1000L;
            if (RandomWorkload.Resolve(engine, step, now, contacts) is not { } command) continue;
            engine.Execute(command);
            commands.Add((command, engine.Events.Length));
            foreach (var e in engine.Events) events.Add(e.ToString());
        }
        return (commands, events);
    }

    private static (RoutingEngine Engine, List<string> Events) Run(List<(Command Command, int Events)> commands, int from, RoutingEngine engine)
    {
        var events = new List<string>();
        for (var i = from; i < commands.Count; i++)
        {
            engine.Execute(commands[i].Command);
            foreach (var e in engine.Events) events.Add(e.ToString());
        }
        return (engine, events);
    }

    /// <summary>Everything the engine shows through its public views, as text.</summary>
    private static string Describe(RoutingEngine engine)
    {
        var text = new StringBuilder();
        text.Append("now ").Append(engine.Now).Append(" next ").Append(engine.NextDeadline).AppendLine();
        foreach (var c in engine.Contacts.OrderBy(c => c.Task))
            text.AppendLine($"contact {c.Id} {c.Status} {c.StatusReason} {c.StatusChangedAt} {c.CreatedAt} task {c.Task} {c.TaskId} agent {c.AgentId} {c.Disposition} {engine.TaskStateOf(c.Id)} {c.Data.ScriptSelector} {c.Data.PreviousTask}");
        foreach (var agent in engine.Configuration.Agents)
        {
            foreach (var m in engine.AgentMedia(agent.Id))
                text.AppendLine($"agent {agent.Id} mrd {m.MrdId} {m.State} {m.ReasonCode} {m.NumTasks}/{m.MaxTaskLimit} {m.Routable} {m.Availability} {m.StateChangedAt}");
            foreach (var d in engine.Dialogs(agent.Id))
                text.AppendLine($"dialog {d.Id} task {d.Task} {d.State} {d.OfferedAt} {d.StateChangedAt} sg {d.SkillGroupId} pq {d.PrecisionQueueId} {d.ContactId}");
        }
        foreach (var mrd in engine.Configuration.Mrds)
            text.AppendLine($"mrd {mrd.Id} queued {engine.QueuedTasks(mrd.Id)} oldest {engine.OldestQueuedSince(mrd.Id)}");
        return text.ToString();
    }
}
