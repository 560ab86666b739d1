using System.Diagnostics;
using System.Diagnostics.Metrics;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Telemetry;

/// <summary>
/// The server's metrics, read off the flow events the writer loop already has in hand: tasks
/// submitted, queued, routed and ended (by disposition), queue depth per MRD, journal commit time.
/// Exported through OpenTelemetry (Prometheus at /metrics, OTLP when configured).
/// </summary>
public sealed class TaskrouteMetrics : IDisposable
{
    public const string MeterName = "Taskroute";

    private readonly Meter _meter;
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _routed;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _commit;

    private static readonly double[] CommitBuckets = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 25, 50, 100, 250, 1000];

    // The meter's name is the server's (ServerOptions.MeterName): two servers in one process, as in tests, keep their measurements apart.
    public TaskrouteMetrics(IMeterFactory meterFactory, Hosting.ServerOptions options)
    {
        _meter = meterFactory.Create(options.MeterName);
        _submitted = _meter.CreateCounter<long>("taskroute.tasks.submitted", "{task}", "Tasks accepted through a task API.");
        _queued = _meter.CreateCounter<long>("taskroute.tasks.queued", "{task}", "Times a task started waiting in a queue.");
        _routed = _meter.CreateCounter<long>("taskroute.tasks.routed", "{task}", "Tasks reserved for an agent by the router.");
        _ended = _meter.CreateCounter<long>("taskroute.tasks.ended", "{task}", "Tasks ended, by CCE disposition.");
        // A commit takes about a millisecond: the default buckets (0, 5, 10, 25 ms...) would put nearly
        // all of them in the first, where no percentile can be read.
        _commit = _meter.CreateHistogram("taskroute.journal.commit.duration", "ms", "Time to make one batch durable.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitBuckets });
    }

    /// <summary>Queue depth per MRD, read when a collector asks.</summary>
    public void ObserveQueues(Func<IEnumerable<(int MrdId, int Queued)>> read) =>
        _meter.CreateObservableGauge("taskroute.queue.depth", () => read().Select(q => new Measurement<int>(q.Queued, new KeyValuePair<string, object?>("mrd", q.MrdId))),
            "{task}", "Tasks waiting in the router, per MRD.");

    /// <summary>
    /// Per skill group and precision queue, as the supervisor's queue statistics: tasks waiting, the
    /// longest wait and the members available, read when a collector asks (one read of the engine
    /// serves the three). An MRD's depth alone does not say which of its 300 queues backs up.
    /// </summary>
    public void ObserveTargets(Func<(IReadOnlyList<Core.Waiting.QueueFigures> Figures, long Now)> read)
    {
        (IReadOnlyList<Core.Waiting.QueueFigures> Figures, long Now, long? ReadAt) last = ([], 0, null);
        var gate = new object();
        // The three gauges are collected one after the other: one read answers them all.
        (IReadOnlyList<Core.Waiting.QueueFigures> Figures, long Now) Current()
        {
            lock (gate)
            {
                var at = Stopwatch.GetTimestamp();
                if (last.ReadAt is not { } readAt || Stopwatch.GetElapsedTime(readAt, at) > TimeSpan.FromSeconds(1))
                {
                    var (figures, now) = read();
                    last = (figures, now, at);
                }
                return (last.Figures, last.Now);
            }
        }
        static KeyValuePair<string, object?>[] Tags(in Core.Waiting.QueueFigures f) =>
        [
            new("target_type", f.PrecisionQueueId != 0 ? "precision_queue" : "skill_group"),
            new("target_id", f.PrecisionQueueId != 0 ? f.PrecisionQueueId : f.SkillGroupId),
            new("mrd", f.MrdId),
        ];
        _meter.CreateObservableGauge("taskroute.target.queue.depth", () => Current().Figures.Select(f => new Measurement<int>(f.Queued, Tags(in f))),
            "{task}", "Tasks waiting in a skill group or precision queue (a task waiting in several counts in each).");
        _meter.CreateObservableGauge("taskroute.target.oldest.wait", () =>
        {
            var (figures, now) = Current();
            return figures.Select(f => new Measurement<double>(f.OldestSince is { } since ? Math.Max(0, now - since) / 1000.0 : 0, Tags(in f)));
        }, "s", "How long the longest-waiting task of a skill group or precision queue has waited; 0 when none waits.");
        _meter.CreateObservableGauge("taskroute.target.agents.available", () => Current().Figures.Select(f => new Measurement<int>(f.AgentsAvailable, Tags(in f))),
            "{agent}", "Members of a skill group or precision queue the router could give its task to now.");
    }

    /// <summary>
    /// Whether each store derived from the journal stands still (1) or keeps up (0), and whether
    /// damage to the data directory's databases was seen (1): what an operator alerts on, which the
    /// server otherwise says only in its log and in /readyz.
    /// </summary>
    public void ObserveTrouble(Func<IEnumerable<(string Store, bool Stopped)>> stores, Func<bool> damaged)
    {
        _meter.CreateObservableGauge("taskroute.store.stopped", () => stores().Select(s => new Measurement<int>(s.Stopped ? 1 : 0, new KeyValuePair<string, object?>("store", s.Store))),
            "1", "1 while a store derived from the journal stands still (trace_index, reports: until they catch up again; component_logs: while their files cannot be written, their lines lost).");
        _meter.CreateObservableGauge("taskroute.data.damaged", () => damaged() ? 1 : 0,
            "1", "1 once a request's read found a database of the data directory damaged (docs/operations.md says what to do).");
    }

    /// <summary>
    /// Writes a zero for the counters a collector alerts on, per MRD where they have one, so that
    /// a server that has taken no task yet says 0 rather than nothing: a rate over a series that is
    /// not there is empty, and an alert on "no submits" could never fire. Called once the exporters
    /// listen (a measurement made before is dropped). Dispositions are left to appear as they happen.
    /// </summary>
    public void StartAtZero(IEnumerable<int> mrdIds)
    {
        _submitted.Add(0);
        foreach (var mrd in mrdIds)
        {
            _queued.Add(0, new KeyValuePair<string, object?>("mrd", mrd));
            _routed.Add(0, new KeyValuePair<string, object?>("mrd", mrd));
        }
    }

    public void Count(ReadOnlySpan<FlowEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            switch (e.Message)
            {
                case MessageType.CREATE_SOCIAL_CONTACT:
                    _submitted.Add(1);
                    break;
                case MessageType.QUEUED_TASK_EVENT when e.From == Module.Router:
                    _queued.Add(1, new KeyValuePair<string, object?>("mrd", e.MrdId));
                    break;
                case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                    _routed.Add(1, new KeyValuePair<string, object?>("mrd", e.MrdId));
                    break;
                default:
                    if (e.EndsTask) _ended.Add(1, new KeyValuePair<string, object?>("disposition", (int)e.Disposition));
                    break;
            }
        }
    }

    public void Committed(long startTimestamp) => _commit.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
