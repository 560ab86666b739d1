using System.Diagnostics;

namespace Taskroute.Analyzer;

/// <summary>
/// An analysis whose tasks are handed out one at a time as their flows are built, in the order
/// <see cref="AnalysisReport.Tasks"/> would hold them, rather than all kept: once a task has been
/// handed out the analysis lets go of it and of its events, so a caller that writes each task and
/// drops it (the JSON output does) never holds more than a batch of built flows.
/// </summary>
public sealed class StreamedAnalysis
{
    // Flows built at once, in parallel: enough to keep both cores busy, few enough to stay small.
    internal const int Batch = 512;

    private readonly List<LogEvent>?[] _pending;
    private readonly TimeSpan _longGap;
    private readonly int _parallelism;
    private readonly Stopwatch _clock;
    private bool _taken;

    internal StreamedAnalysis(AnalysisReport report, List<LogEvent>?[] pending, AnalyzerOptions options, Stopwatch clock)
    {
        Report = report;
        _pending = pending;
        _longGap = options.LongGap;
        _parallelism = Math.Max(1, options.Parallelism);
        _clock = clock;
        foreach (var events in pending) EventsHeld += events!.Count;
    }

    /// <summary>Everything but the tasks: sources, notes, the ICM offset; its <see cref="AnalysisReport.Tasks"/> is empty.</summary>
    public AnalysisReport Report { get; }

    /// <summary>How many tasks <see cref="Tasks"/> will hand out.</summary>
    public int TaskCount => _pending.Length;

    /// <summary>The time from the start of the analysis until now (or until the last task was handed out).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Events of tasks not yet handed out that the analysis still holds.</summary>
    public long EventsHeld { get; private set; }

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
        var built = new TaskFlow?[Math.Min(Batch, _pending.Length)];
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism };
        for (var from = 0; from < _pending.Length; from += Batch)
        {
            var to = Math.Min(_pending.Length, from + Batch);
            // Each flow is read on its own, numbered by place: the result does not depend on threads.
            Parallel.For(from, to, options, i => built[i - from] = FlowBuilder.Build(i + 1, _pending[i]!, _longGap));
            MostFlowsHeld = Math.Max(MostFlowsHeld, to - from);
            for (var i = from; i < to; i++)
            {
                var flow = built[i - from]!;
                built[i - from] = null;
                EventsHeld -= _pending[i]!.Count;
                _pending[i] = null;
                yield return flow;
            }
        }
        _clock.Stop();
    }
}
