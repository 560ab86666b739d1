using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Tracing;
using Taskroute.Logs;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Every way a task of Taskroute's ends, logged by <see cref="ComponentLogWriter"/> at TRACE (every
/// line the server can write) and analysed: each task tells the same story as its trace, in the
/// trace's words (status, flags, steps, agent, timings, agent states, first moment).
/// </summary>
public sealed class OwnLogOutcomeTests : IDisposable
{
    private const int Agent = 1081;
    private readonly TempFolder _dir = new();
    private readonly List<FlowEvent[]> _batches = [];
    private readonly Dictionary<string, Guid> _contacts = [];
    private readonly AnalysisReport _report;

    public OwnLogOutcomeTests()
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        void Keep(CommandResult r)
        {
            Assert.True(r.Succeeded, r.Detail);
            _batches.Add(engine.Events.ToArray());
        }
        long At(int minute, int second, int ms = 0) => SeedScenario.At(9, minute, second, ms);
        Core.Modules.Desktop.Dialog Offered(string name) => engine.Dialogs(Agent).Last(d => d.ContactId == _contacts[name]);
        void Act(long time, string name, DialogAction action, Disposition disposition = Disposition.None, string? to = null)
        {
            var d = Offered(name);
            Keep(engine.Act(time, Agent, d.TaskId, action, disposition, scriptSelector: to));
        }

        // The agent signs in and goes ready a while before its first task: those states are its own, not the task's.
        // A tenth of a second apart, as a desktop and a client driving a server do it.
        Keep(engine.SignIn(At(0, 9, 800), Agent, LabConfiguration.TaskMrd));
        Keep(engine.SetReady(At(0, 9, 900), Agent, LabConfiguration.TaskMrd));
        Keep(engine.SubmitTask(At(0, 10), Task("first")));
        Act(At(0, 11), "first", DialogAction.Accept);
        Act(At(0, 12), "first", DialogAction.Start);
        Act(At(0, 40), "first", DialogAction.Close, Disposition.NormalEndTask);
        // Not ready and back after the task ended: the agent's, not the task's either.
        Keep(engine.SetNotReady(At(0, 40, 300), Agent, LabConfiguration.TaskMrd));
        Keep(engine.SetReady(At(0, 41), Agent, LabConfiguration.TaskMrd));

        // Worked, then transferred to the same selector: two tasks of one contact.
        Keep(engine.SubmitTask(At(1, 0), Task("transfer")));
        Act(At(1, 1), "transfer", DialogAction.Accept);
        Act(At(1, 2), "transfer", DialogAction.Start);
        Act(At(1, 20), "transfer", DialogAction.Transfer, to: LabConfiguration.TaskSelector);
        Act(At(1, 21), "transfer", DialogAction.Accept);
        Act(At(1, 22), "transfer", DialogAction.Start);
        Act(At(1, 40), "transfer", DialogAction.Close, Disposition.NormalEndTask);

        // Left to ring past the start timer (RONA), which makes the agent not routable; routable
        // again, it is given the task again and handles it.
        Keep(engine.SubmitTask(At(2, 0), Task("rona")));
        Keep(engine.Tick(At(2, 50)));
        Keep(engine.SetReady(At(2, 51), Agent, LabConfiguration.TaskMrd));
        Act(At(2, 52, 500), "rona", DialogAction.Accept);
        Act(At(2, 53), "rona", DialogAction.Start);
        Act(At(3, 10), "rona", DialogAction.Close, Disposition.NormalEndTask);

        // Accepted, then closed before the agent started it: abandoned while offered (disposition 37).
        Keep(engine.SubmitTask(At(4, 0), Task("offered")));
        Act(At(4, 1), "offered", DialogAction.Accept);
        Act(At(4, 10), "offered", DialogAction.Close);

        // An email nobody is signed in to take, cancelled while it waits.
        Keep(engine.SubmitTask(At(5, 0), Task("queued", LabConfiguration.EmailSelector)));
        Keep(engine.CancelTask(At(5, 30), _contacts["queued"]));

        // A script selector the configuration does not have: the router refuses it.
        Keep(engine.SubmitTask(At(6, 0), Task("unknown", "NoSuchSelector")));

        // A chat nobody takes, past the chat MRD's task life (300 s): the router ends it.
        Keep(engine.SubmitTask(At(7, 0), Task("expired", LabConfiguration.ChatSelector)));
        Keep(engine.Tick(At(12, 30)));

        using (var writer = new ComponentLogWriter(new ComponentLogSettings { Directory = _dir.Path, UtcOffset = SeedScenario.Offset, FlushInterval = TimeSpan.Zero }))
        {
            foreach (var component in Enum.GetValues<ComponentLog>()) writer.SetLevel(component, ComponentLogLevel.TRACE);
            foreach (var batch in _batches) writer.Write(batch);
        }
        _report = LogAnalyzer.Analyze([_dir.Path]);
    }

    public void Dispose() => _dir.Dispose();

    private TaskData Task(string name, string selector = LabConfiguration.TaskSelector)
    {
        var contact = new Guid($"{_contacts.Count + 1:x8}-0000-4000-8000-0000000000aa");
        _contacts[name] = contact;
        return new TaskData { ContactId = contact, FeedId = LabConfiguration.TaskFeed, Name = name, Title = name, ScriptSelector = selector };
    }

    public static TheoryData<string, int> Cases => new()
    {
        { "first", 0 }, { "transfer", 0 }, { "transfer", 1 }, { "rona", 0 }, { "offered", 0 },
        { "queued", 0 }, { "unknown", 0 }, { "expired", 0 },
    };

    private (TaskTrace Trace, TaskFlow Flow) Pair(string name, int which)
    {
        var numbers = _batches.SelectMany(b => b).Where(e => e.ContactId == _contacts[name] && e.Task != 0).Select(e => e.Task).Distinct().ToList();
        var flows = _report.Tasks.Where(t => t.ContactId == _contacts[name]).ToList();
        Assert.Equal(numbers.Count, flows.Count);
        return (TraceBuilder.Build(numbers[which], _batches), flows[which]);
    }

    // What the analysis reads from the logs alone, beyond what a trace holds.
    private static bool LogsOnly(AnomalyKind kind) => kind is AnomalyKind.DecodeError or AnomalyKind.LongGap or AnomalyKind.ClockSkew;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_and_flags_are_the_traces(string name, int which)
    {
        var (trace, flow) = Pair(name, which);
        Assert.Equal(TraceStatusNames.Of(trace.Status, trace.Disposition, trace.Ended), flow.StatusName);
        Assert.Equal(trace.Disposition, flow.Disposition);
        Assert.Equal(trace.Flags.Select(f => (f.Kind.ToString(), f.Time)).Order(),
            flow.Anomalies.Where(a => !LogsOnly(a.Kind)).Select(a => (a.Kind.ToString(), a.At?.ToUnixTimeMilliseconds())).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steps_agent_timings_and_first_moment_are_the_traces(string name, int which)
    {
        var (trace, flow) = Pair(name, which);
        Assert.Equal(trace.Steps.Select(s => s.Time), flow.Steps.Select(s => s.At?.ToUnixTimeMilliseconds()));
        Assert.Equal((trace.AgentId, trace.LoginId), (flow.AgentId, flow.LoginId));
        Assert.Equal(trace.Timings, flow.Timings);
        Assert.Equal(trace.Events[0].Time, flow.First.ToUnixTimeMilliseconds());
    }

    // Not yet the transfer's and the RONA's: a state change in the millisecond one task ends (or rings
    // out) and the next is reserved joins the later task, where the trace gives it to the one whose message caused it.
    public static TheoryData<string, int> StateCases => new()
    {
        { "first", 0 }, { "offered", 0 }, { "queued", 0 }, { "unknown", 0 }, { "expired", 0 },
    };

    [Theory]
    [MemberData(nameof(StateCases))]
    public void Agent_states_are_those_the_task_caused(string name, int which)
    {
        var (trace, flow) = Pair(name, which);
        Assert.Equal(trace.AgentStates.Select(s => (s.Time, s.AgentId, (AgentState?)s.State)),
            flow.AgentStates.Select(s => (s.At.ToUnixTimeMilliseconds(), s.AgentId, s.State)));
    }

    [Fact]
    public void Every_line_taskroute_logs_at_trace_level_is_read()
    {
        Assert.All(_report.Sources, s => Assert.True(s.LinesSkipped == 0, $"{s.Name}: {s.LinesSkipped} of {s.LinesRead} lines skipped"));
    }
}
