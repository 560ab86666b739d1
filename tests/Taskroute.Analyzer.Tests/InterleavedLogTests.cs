using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Analyzer.Tests;

/// <summary>Two tasks interleaved across separate files, with noise and cut lines (see <see cref="InterleavedLogs"/>).</summary>
public sealed class InterleavedLogTests : IDisposable
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);
    private readonly TempFolder _dir = new();
    private readonly AnalysisReport _report;

    public InterleavedLogTests()
    {
        InterleavedLogs.WriteTo(_dir);
        _report = LogAnalyzer.Analyze([_dir.Path]);
    }

    public void Dispose() => _dir.Dispose();

    private TaskFlow Task(string contact) => Assert.Single(_report.Tasks, t => t.ContactId == Guid.Parse(contact));

    private static DateTimeOffset At(int h, int m, int s, int ms) => new(2024, 1, 30, h, m, s, ms, Eastern);

    [Fact]
    public void The_two_tasks_are_told_apart()
    {
        Assert.Equal(2, _report.Tasks.Count);
        Assert.Equal(new IcmTaskId(154600, 100, 1), Task(InterleavedLogs.ContactX).TaskId);
        Assert.Equal(7, Task(InterleavedLogs.ContactX).DialogueId);
        Assert.Equal(8, Task(InterleavedLogs.ContactY).DialogueId);
        Assert.Equal(154600, Task(InterleavedLogs.ContactY).RouterCallKeyDay);
        Assert.Equal(101, Task(InterleavedLogs.ContactY).RouterCallKey);
    }

    [Fact]
    public void The_handled_task_has_its_agent_times_and_states()
    {
        var x = Task(InterleavedLogs.ContactX);
        Assert.Equal((5180, 1090), (x.AgentId, x.LoginId));
        Assert.Equal(At(10, 0, 9, 500), x.OfferedAt);
        Assert.Equal(At(10, 0, 12, 0), x.StartedAt);
        Assert.Equal(At(10, 0, 40, 0), x.EndedAt);
        Assert.True(x.Ended);
        Assert.Equal(ContactStatus.Handled, x.Status);
        Assert.Equal([AgentState.RESERVED, AgentState.ACTIVE], x.AgentStates.Select(s => s.State).Take(2));
        Assert.Equal(28_000, x.Timings.Handle);
        Assert.DoesNotContain(x.Anomalies, a => a.Kind is AnomalyKind.Rona or AnomalyKind.NotEnded);
    }

    [Fact]
    public void A_task_offered_and_routed_again_without_a_requeue_line_is_a_rona()
    {
        // As a CCE's logs may show it: task Y offered to agent 5181, never started, and the router's
        // next pre-call for it (RouterCallKeySequenceNumber=2), with no RequeueCall line and no
        // pre-call abort with the ring-no-answer disposition between.
        using var dir = new TempFolder();
        foreach (var (name, text) in InterleavedLogs.Files)
        {
            var lines = text.Split('\n').Where(l => !l.Contains("RequeueCall:", StringComparison.Ordinal) && !l.Contains("PRE_CALL_ABORT", StringComparison.Ordinal)).ToList();
            if (name.StartsWith("ctisvr", StringComparison.Ordinal))
                lines.InsertRange(lines.FindIndex(l => l.Contains("Instrument=1091", StringComparison.Ordinal)) + 1,
                [
                    "10:00:09:600 cg3A-ctisvr Session 3: MsgType:OFFER_TASK_IND (InvokeID:0x12 MRDID:5011 ICMAgentID:5181 )",
                    "10:00:09:600 cg3A-ctisvr Session 3: TaskID:154600/101/1ARMSkillGroupID:5199 ARMServiceID:N/A)",
                ]);
            dir.Write(name, string.Join('\n', lines) + "\n");
        }
        var y = Assert.Single(LogAnalyzer.Analyze([dir.Path]).Tasks, t => t.ContactId == Guid.Parse(InterleavedLogs.ContactY));
        Assert.Equal(1, y.RonaCount);
        Assert.Contains(y.Anomalies, a => a.Kind == AnomalyKind.Rona && a.Detail.Contains("5181", StringComparison.Ordinal));
        // The agent it went to next, with that agent's login, not the one that let it ring.
        Assert.Equal((5180, 1090), (y.AgentId, y.LoginId));
    }

    [Fact]
    public void The_other_task_shows_its_rona_and_never_ends()
    {
        var y = Task(InterleavedLogs.ContactY);
        Assert.Equal(1, y.RonaCount);
        Assert.Contains(y.Anomalies, a => a.Kind == AnomalyKind.Rona);
        Assert.Contains(y.Anomalies, a => a.Kind == AnomalyKind.NotEnded);
        Assert.False(y.Ended);
        Assert.Equal(5180, y.AgentId);
        Assert.Equal(new IcmTaskId(154600, 101, 2), y.TaskId);
        Assert.Contains(y.AgentStates, s => s.AgentId == 5181 && s.State == AgentState.NOT_ACTIVE);
    }

    [Fact]
    public void Dates_come_from_the_header_the_file_name_and_the_other_logs()
    {
        Assert.Equal("header", Assert.Single(_report.Sources, s => s.Component == LogComponent.CtiSvr).DateFrom);
        Assert.Equal("file name", Assert.Single(_report.Sources, s => s.Component == LogComponent.Pim).DateFrom);
        Assert.All(_report.Sources.Where(s => s.Date is not null), s => Assert.Equal(new DateOnly(2024, 1, 30), s.Date));
        Assert.Equal(Eastern, _report.IcmOffset);
    }

    [Fact]
    public void Noise_and_cut_lines_are_counted_not_fatal()
    {
        var cti = Assert.Single(_report.Sources, s => s.Component == LogComponent.CtiSvr);
        Assert.Equal(3, cti.LinesSkipped);
        Assert.Equal(1, Assert.Single(_report.Sources, s => s.Component == LogComponent.Pim).LinesSkipped);
        Assert.Equal(1, Assert.Single(_report.Sources, s => s.Component == LogComponent.Rtr).LinesSkipped);
        Assert.Equal(1, Assert.Single(_report.Sources, s => s.Component == LogComponent.WebServices).LinesSkipped);
        Assert.Equal(1, Assert.Single(_report.Sources, s => s.Component == LogComponent.CcpApi).LinesSkipped);
    }

    [Fact]
    public void The_filter_keeps_one_task_by_any_of_its_ids()
    {
        foreach (var id in new[] { "154600_101_1", "154600/101/1", "154600:101", InterleavedLogs.ContactY, "8" })
        {
            var report = LogAnalyzer.Analyze([_dir.Path], new AnalyzerOptions { TaskFilter = id });
            Assert.Equal(Guid.Parse(InterleavedLogs.ContactY), Assert.Single(report.Tasks).ContactId);
        }
    }
}
