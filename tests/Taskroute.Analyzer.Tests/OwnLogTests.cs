using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Tracing;
using Taskroute.Logs;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Taskroute's own component logs: the seed's task and a few more (one handled on a second agent,
/// one that RONAs and never ends) written by <see cref="ComponentLogWriter"/>, then analysed. The
/// flow read back must match what <see cref="TraceBuilder"/> reads from the events themselves.
/// </summary>
public sealed class OwnLogTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly List<FlowEvent[]> _batches;
    private readonly AnalysisReport _report;

    public OwnLogTests()
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        _batches = SeedScenario.Batches(engine);
        void Keep(CommandResult r)
        {
            Assert.True(r.Succeeded, r.Detail);
            _batches.Add(engine.Events.ToArray());
        }
        Keep(engine.SignIn(SeedScenario.At(9, 0, 0, 0), 1081, LabConfiguration.TaskMrd));
        Keep(engine.SetReady(SeedScenario.At(9, 0, 1, 0), 1081, LabConfiguration.TaskMrd));
        Keep(engine.SubmitTask(SeedScenario.At(9, 0, 10, 0), Task("b")));
        Keep(engine.SubmitTask(SeedScenario.At(9, 0, 20, 0), Task("c")));
        var c = Dialog(engine, "c");
        Keep(engine.Act(SeedScenario.At(9, 0, 25, 500), c.LoginId, c.TaskId, DialogAction.Accept));
        Keep(engine.Act(SeedScenario.At(9, 0, 30, 250), c.LoginId, c.TaskId, DialogAction.Start));
        Keep(engine.Act(SeedScenario.At(9, 2, 0, 125), c.LoginId, c.TaskId, DialogAction.Close, Disposition.NormalEndTask));
        // Nobody accepts b: its start timer runs out (RONA), another agent is reserved, and the logs end.
        Keep(engine.Tick(SeedScenario.At(9, 0, 50, 0)));
        // d, a chat (b rings on in the task MRD), is transferred: the same contact is routed again as a
        // second task, which is handled.
        Keep(engine.SignIn(SeedScenario.At(9, 2, 30, 0), 1082, LabConfiguration.ChatMrd));
        Keep(engine.SetReady(SeedScenario.At(9, 2, 31, 0), 1082, LabConfiguration.ChatMrd));
        Keep(engine.SubmitTask(SeedScenario.At(9, 3, 0, 0), Task("d", LabConfiguration.ChatSelector)));
        var d = Dialog(engine, "d");
        Keep(engine.Act(SeedScenario.At(9, 3, 5, 0), d.LoginId, d.TaskId, DialogAction.Accept));
        Keep(engine.Act(SeedScenario.At(9, 3, 6, 0), d.LoginId, d.TaskId, DialogAction.Start));
        Keep(engine.Act(SeedScenario.At(9, 3, 30, 0), d.LoginId, d.TaskId, DialogAction.Transfer, scriptSelector: LabConfiguration.ChatSelector));
        var again = Dialog(engine, "d");
        Keep(engine.Act(SeedScenario.At(9, 3, 40, 0), again.LoginId, again.TaskId, DialogAction.Start));
        Keep(engine.Act(SeedScenario.At(9, 4, 0, 0), again.LoginId, again.TaskId, DialogAction.Close, Disposition.NormalEndTask));
        // e, an email nobody is signed in to take, is cancelled by the application while it waits.
        Keep(engine.SubmitTask(SeedScenario.At(9, 5, 0, 0), Task("e", LabConfiguration.EmailSelector)));
        Keep(engine.CancelTask(SeedScenario.At(9, 5, 30, 0), Contacts["e"]));
        // f, a chat nobody is left to take, waits past the chat MRD's task life (300 s) and the router ends it.
        Keep(engine.SignOut(SeedScenario.At(9, 5, 50, 0), 1082, LabConfiguration.ChatMrd));
        Keep(engine.SubmitTask(SeedScenario.At(9, 6, 0, 0), Task("f", LabConfiguration.ChatSelector)));
        Keep(engine.Tick(SeedScenario.At(9, 11, 0, 0)));

        using (var writer = new ComponentLogWriter(new ComponentLogSettings
        {
            Directory = _dir.Path,
            UtcOffset = SeedScenario.Offset,
            FlushInterval = TimeSpan.Zero,
        }))
        {
            foreach (var batch in _batches) writer.Write(batch);
        }
        _report = LogAnalyzer.Analyze([_dir.Path]);
    }

    public void Dispose() => _dir.Dispose();

    private static readonly Dictionary<string, Guid> Contacts = new()
    {
        ["b"] = Guid.Parse("0b0b0b0b-0000-4000-8000-00000000000b"),
        ["c"] = Guid.Parse("0c0c0c0c-0000-4000-8000-00000000000c"),
        ["d"] = Guid.Parse("0d0d0d0d-0000-4000-8000-00000000000d"),
        ["e"] = Guid.Parse("0e0e0e0e-0000-4000-8000-00000000000e"),
        ["f"] = Guid.Parse("0f0f0f0f-0000-4000-8000-00000000000f"),
    };

    private static TaskData Task(string name, string scriptSelector = LabConfiguration.TaskSelector) => new()
    {
        ContactId = Contacts[name],
        FeedId = LabConfiguration.TaskFeed,
        Name = name,
        Title = name,
        ScriptSelector = scriptSelector,
    };

    private static Core.Modules.Desktop.Dialog Dialog(RoutingEngine engine, string name) =>
        Enumerable.Range(1080, 3).SelectMany(engine.Dialogs).Single(d => d.ContactId == Contacts[name]);

    private TaskTrace Expected(Guid contact)
    {
        var number = _batches.SelectMany(b => b).First(e => e.ContactId == contact && e.Task != 0).Task;
        return TraceBuilder.Build(number, _batches);
    }

    private TaskFlow Actual(Guid contact) => Assert.Single(_report.Tasks, t => t.ContactId == contact);

    private TaskTrace Expected(int task) => TraceBuilder.Build(task, _batches);

    public static TheoryData<string> Tasks => ["seed", "b", "c"];

    private static Guid ContactOf(string name) => name == "seed" ? SeedScenario.ContactId : Contacts[name];

    [Fact]
    public void Every_task_is_found_once()
    {
        Assert.Equal(7, _report.Tasks.Count);
        Assert.Equal([SeedScenario.ContactId, Contacts["b"], Contacts["c"], Contacts["d"], Contacts["d"], Contacts["e"], Contacts["f"]], _report.Tasks.Select(t => t.ContactId));
        Assert.True(_report.IcmOffsetGuessed);
        Assert.Equal(SeedScenario.Offset, _report.IcmOffset);
        Assert.All(_report.Sources, s => Assert.Equal("header", s.DateFrom ?? "header"));
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void The_ids_are_those_of_the_trace(string name)
    {
        var expected = Expected(ContactOf(name));
        var actual = Actual(ContactOf(name));
        Assert.Equal(expected.TaskId, actual.TaskId);
        Assert.Equal(expected.DialogueId, actual.DialogueId);
        Assert.Equal(expected.AgentId, actual.AgentId);
        Assert.Equal(expected.LoginId, actual.LoginId);
        Assert.Equal(expected.MrdId, actual.MrdId);
        Assert.Equal(expected.SkillGroupId, actual.SkillGroupId);
        Assert.Equal(expected.Ended, actual.Ended);
        Assert.Equal(expected.RonaCount, actual.RonaCount);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void The_steps_and_timings_are_those_of_the_trace(string name)
    {
        var expected = Expected(ContactOf(name));
        var actual = Actual(ContactOf(name));
        Assert.Equal(expected.Steps.Select(s => s.Time), actual.Steps.Select(s => s.At?.ToUnixTimeMilliseconds()));
        Assert.Equal(expected.Timings, actual.Timings);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void The_agent_states_are_those_of_the_trace(string name)
    {
        var expected = Expected(ContactOf(name));
        var actual = Actual(ContactOf(name));
        Assert.Equal(expected.AgentStates.Select(s => (s.Time, s.AgentId, (AgentState?)s.State)),
            actual.AgentStates.Select(s => (s.At.ToUnixTimeMilliseconds(), s.AgentId, s.State)));
    }

    [Fact]
    public void The_task_that_timed_out_shows_a_rona_and_never_ends()
    {
        var b = Actual(Contacts["b"]);
        Assert.True(b.RonaCount >= 1);
        Assert.Contains(b.Anomalies, a => a.Kind == AnomalyKind.Rona);
        Assert.Contains(b.Anomalies, a => a.Kind == AnomalyKind.NotEnded);
        Assert.False(b.Ended);
    }

    [Fact]
    public void The_seed_task_ends_handled_with_nothing_missing()
    {
        var seed = Actual(SeedScenario.ContactId);
        Assert.Equal(ContactStatus.Handled, seed.Status);
        Assert.Empty(seed.Anomalies);
        Assert.Equal(SeedScenario.At(8, 56, 53, 745), seed.StartedAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_transferred_contact_is_two_tasks_each_as_its_trace_tells_it()
    {
        var numbers = _batches.SelectMany(b => b).Where(e => e.ContactId == Contacts["d"] && e.Task != 0).Select(e => e.Task).Distinct().ToList();
        Assert.Equal(2, numbers.Count);
        var actual = _report.Tasks.Where(t => t.ContactId == Contacts["d"]).ToList();
        for (var k = 0; k < 2; k++)
        {
            var expected = Expected(numbers[k]);
            Assert.Equal(expected.TaskId, actual[k].TaskId);
            Assert.Equal(expected.Steps.Select(s => s.Time), actual[k].Steps.Select(s => s.At?.ToUnixTimeMilliseconds()));
            Assert.Equal(expected.Timings, actual[k].Timings);
            Assert.True(actual[k].Ended);
        }
        Assert.True(actual[0].EndedAt < actual[1].StartedAt);
    }

    [Fact]
    public void A_task_the_application_cancels_while_it_waits_ends_abandoned_not_failed()
    {
        var e = Actual(Contacts["e"]);
        Assert.True(e.Ended);
        Assert.Equal(SeedScenario.At(9, 5, 30, 0), e.EndedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Contains(e.Anomalies, a => a.Kind == AnomalyKind.AbandonedInQueue);
        Assert.DoesNotContain(e.Anomalies, a => a.Kind is AnomalyKind.Failure or AnomalyKind.NotEnded);
    }

    [Fact]
    public void A_task_the_router_ends_after_its_task_life_in_queue_ends_abandoned_not_failed_as_its_trace_says()
    {
        var f = Actual(Contacts["f"]);
        var expected = Expected(Contacts["f"]);
        Assert.Contains(expected.Flags, x => x.Kind == TraceFlagKind.AbandonedInQueue);
        Assert.True(f.Ended);
        Assert.NotNull(f.EndedAt);
        Assert.Contains(f.Anomalies, a => a.Kind == AnomalyKind.AbandonedInQueue);
        Assert.DoesNotContain(f.Anomalies, a => a.Kind is AnomalyKind.Failure or AnomalyKind.NotEnded);
        // Each anomaly once, though the router's lines are in two components' logs.
        Assert.Equal(f.Anomalies.Count, f.Anomalies.Distinct().Count());
    }

    [Fact]
    public void Every_line_of_taskroute_logs_is_used()
    {
        Assert.All(_report.Sources, s => Assert.True(s.LinesSkipped == 0, $"{s.Name}: {s.LinesSkipped} lines skipped"));
    }
}
