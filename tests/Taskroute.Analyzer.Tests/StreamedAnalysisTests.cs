namespace Taskroute.Analyzer.Tests;

/// <summary>
/// A long CCP log of many short tasks, each created, reserved and handled within a second: streamed,
/// the analysis hands the tasks out in the same order and with the same flows as a whole report, never
/// holds more than a batch of built flows, and lets go of every task's events as the task goes.
/// </summary>
public sealed class StreamedAnalysisTests : IDisposable
{
    private const int TaskCount = 5 * StreamedAnalysis.Batch + 37;
    private readonly TempFolder _dir = new();

    public StreamedAnalysisTests() => ShortCcpTasks.Write(Path.Combine(_dir.Path, "ccp"), TaskCount);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Tasks_are_handed_out_in_order_with_a_bounded_number_of_flows_held()
    {
        var whole = LogAnalyzer.Analyze([_dir.Path]);
        var streamed = LogAnalyzer.AnalyzeStreamed([_dir.Path]);
        Assert.Equal(TaskCount, whole.Tasks.Count);
        Assert.Equal(TaskCount, streamed.TaskCount);
        Assert.Empty(streamed.Report.Tasks);
        Assert.Equal(3L * TaskCount, streamed.EventsHeld);

        var n = 0;
        var held = streamed.EventsHeld;
        foreach (var t in streamed.Tasks)
        {
            var w = whole.Tasks[n++];
            Assert.Equal((w.Number, w.Id, w.ContactId, w.Status, w.Ended, w.Timeline.Count), (t.Number, t.Id, t.ContactId, t.Status, t.Ended, t.Timeline.Count));
            Assert.Equal(w.Steps.Select(s => (s.Number, s.At)), t.Steps.Select(s => (s.Number, s.At)));
            // Each task handed out takes its events with it: what is held only goes down.
            Assert.True(streamed.EventsHeld <= held - t.Timeline.Count, $"task {n}: {streamed.EventsHeld} events held, {held} before");
            held = streamed.EventsHeld;
            Assert.InRange(streamed.MostFlowsHeld, 1, StreamedAnalysis.Batch);
        }
        Assert.Equal(TaskCount, n);
        Assert.Equal(0, streamed.EventsHeld);
        Assert.Equal(StreamedAnalysis.Batch, streamed.MostFlowsHeld);
    }

    [Fact]
    public void Tasks_can_be_gone_through_once()
    {
        var streamed = LogAnalyzer.AnalyzeStreamed([_dir.Path]);
        _ = streamed.Tasks;
        Assert.Throws<InvalidOperationException>(() => streamed.Tasks);
    }
}
