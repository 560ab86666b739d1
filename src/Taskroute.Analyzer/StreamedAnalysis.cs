using System.Diagnostics;

namespace Taskroute.Analyzer;

/// <summary>
/// An analysis whose tasks are handed out one at a time as their flows are built, in the order
/// <see cref="AnalysisReport.Tasks"/> would hold them, rather than all kept: once a task has been
/// handed out the analysis lets go of it and of its events, so a caller that writes each task and
/// drops it (the JSON output does) never holds more than a batch of built flows. Logs too large to
/// hold at once are read as the tasks are handed out (see <see cref="TimeWindows"/>): what only the
/// whole input tells (the sources' counts, the events left out) is in <see cref="Report"/> once the
/// last task has been handed out.
/// </summary>
public sealed class StreamedAnalysis
{
    // Flows built at once, in parallel: enough to keep both cores busy, few enough to stay small.
    internal const int Batch = 512;

    private readonly IEnumerable<List<List<LogEvent>>> _groups;
    private readonly Func<int, AnalysisReport>? _finish;
    private readonly Func<long>? _held;
    private readonly TimeSpan _longGap;
    private readonly TimeSpan _icmOffset;
    private readonly int _parallelism;
    private readonly Stopwatch _clock;
    private long _pendingEvents;
    private bool _taken;

    // Logs read whole: every task is known before the first is handed out.
    internal StreamedAnalysis(AnalysisReport report, List<List<LogEvent>> groups, AnalyzerOptions options, Stopwatch clock)
        : this(report, [groups], null, options, clock, null)
    {
        TaskCount = groups.Count;
        foreach (var events in groups) _pendingEvents += events.Count;
        Whole = true;
    }

    // Logs read as the tasks are handed out: each window's finished tasks in turn; finish gives the whole report, told how many tasks were handed out, once all are read.
    internal StreamedAnalysis(AnalysisReport report, IEnumerable<List<List<LogEvent>>> windows, Func<int, AnalysisReport>? finish, AnalyzerOptions options, Stopwatch clock, Func<long>? held)
    {
        Report = report;
        _groups = windows;
        _finish = finish;
        _held = held;
        _longGap = options.LongGap;
        _icmOffset = report.IcmOffset;
        _parallelism = Math.Max(1, options.Parallelism);
        _clock = clock;
    }

    /// <summary>
    /// Everything but the tasks: sources, notes, the ICM offset; its <see cref="AnalysisReport.Tasks"/> is empty.
    /// When the logs were read as the tasks were handed out (<see cref="Whole"/> false), the sources' counts,
    /// the events left out and the notes that need them come once the last task has been handed out.
    /// </summary>
    public AnalysisReport Report { get; private set; }

    /// <summary>True when the logs fitted and were read whole before the first task was handed out.</summary>
    public bool Whole { get; }

    /// <summary>How many tasks: all of them from the start when <see cref="Whole"/>, else those handed out so far.</summary>
    public int TaskCount { get; private set; }

    /// <summary>The time from the start of the analysis until now (or until the last task was handed out).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Events the analysis still holds: of tasks not yet handed out, and read but not yet in a finished task.</summary>
    public long EventsHeld => _pendingEvents + (_held?.Invoke() ?? 0);

    /// <summary>The most events held at once.</summary>
    public long MostEventsHeld { get; private set; }

    /// <summary>The most built flows held at once, waiting to be handed out.</summary>
    public int MostFlowsHeld { get; private set; }

    /// <summary>The tasks, in order, each built as it comes; can be gone through once.</summary>
    public IEnumerable<TaskFlow> Tasks
    {
        get
        {
            if (_taken) throw new InvalidOperationException("A streamed analysis's tasks can be gone through once.");
            _taken = true;
            return Flows();
        }
    }

    private IEnumerable<TaskFlow> Flows()
    {
        var built = new TaskFlow?[Batch];
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism };
        var number = 0;
        foreach (var window in _groups)
        {
            if (!Whole) foreach (var events in window) _pendingEvents += events.Count;
            MostEventsHeld = Math.Max(MostEventsHeld, EventsHeld);
            for (var from = 0; from < window.Count; from += Batch)
            {
                var to = Math.Min(window.Count, from + Batch);
                var first = number;
                // Each flow is read on its own, numbered by place: the result does not depend on threads.
                Parallel.For(from, to, options, i => built[i - from] = FlowBuilder.Build(first + i - from + 1, window[i], _longGap, _icmOffset));
                MostFlowsHeld = Math.Max(MostFlowsHeld, to - from);
                for (var i = from; i < to; i++)
                {
                    var flow = built[i - from]!;
                    built[i - from] = null;
                    _pendingEvents -= window[i].Count;
                    window[i] = null!;
                    number++;
                    if (!Whole) TaskCount = number;
                    yield return flow;
                }
            }
        }
        if (_finish is not null) Report = _finish(number);
        _clock.Stop();
    }
}
