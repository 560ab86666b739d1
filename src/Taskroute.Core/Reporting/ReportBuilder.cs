using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Tracing;

namespace Taskroute.Core.Reporting;

/// <summary>
/// Turns the journal's records, in order, into reports: a <see cref="TaskDetailRecord"/> per ended
/// task and interval counters per MRD, skill group, precision queue, agent and script selector.
/// Pure and deterministic: the same records give the same reports, live or rebuilt. Counts are kept
/// as deltas since the last <see cref="TakeChanges"/>, so memory holds only open tasks and agents.
/// </summary>
/// <remarks>
/// Each fact counts in the interval in which it happened: a task is offered when it arrives, routed
/// when an agent is reserved, handled or abandoned when it ends; its service level outcome falls
/// when it is answered, abandoned, or still waiting as the threshold passes, as CCE counts them.
/// </remarks>
public sealed partial class ReportBuilder
{
    private readonly long _intervalMs;
    private readonly Dictionary<string, int> _selectorMrd = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _feedMrd = [];
    // The contact submitted in the record being added, and through which task feed.
    private (Guid Contact, int Feed) _submitted;
    private readonly Dictionary<int, MediaRoutingDomain> _mrds = [];
    private readonly Dictionary<int, int> _loginOf = [];
    private readonly Dictionary<int, OpenTask> _open = [];
    // Tasks opened, ended or marked as counted against the service level since the last
    // TakeOpenTaskChanges: what a store must write so that its open tasks match these.
    private readonly HashSet<int> _openChanged = [];
    private readonly PriorityQueue<int, long> _deadlines = new();
    private readonly Dictionary<(long Start, ReportKey Key), IntervalCounters> _changes = [];
    private readonly List<TaskDetailRecord> _ended = [];
    private readonly List<OpenTask> _endingNow = [];
    private bool _counting = true;

    public ReportBuilder(RoutingConfiguration configuration, int intervalMinutes)
    {
        if (intervalMinutes <= 0) throw new ArgumentOutOfRangeException(nameof(intervalMinutes), "the interval must be positive");
        _intervalMs = intervalMinutes * 60_000L;
        Learn(configuration);
    }

    /// <summary>
    /// Adds what another configuration says of MRDs, script selectors and agents, over what this one
    /// knew: a configuration change adds agents and selectors, and the tasks of the ones it removes
    /// are still counted by what the earlier configuration said.
    /// </summary>
    public void Learn(RoutingConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var m in configuration.Mrds) _mrds[m.Id] = m;
        foreach (var s in configuration.ScriptSelectors) _selectorMrd[s.Name] = s.MrdId;
        // A feed's tasks come in on the MRD its default script selector routes in, as CCE counts a
        // task on the MRD of the dialogue it came in on even when its selector is unknown.
        foreach (var f in configuration.TaskFeeds)
            if (f.DefaultScriptSelector is { } d && _selectorMrd.TryGetValue(d, out var mrd)) _feedMrd[f.Id] = mrd;
        foreach (var a in configuration.Agents) _loginOf[a.Id] = a.LoginId;
    }

    /// <summary>The journal sequence of the last record added.</summary>
    public long Sequence { get; private set; }

    public long IntervalMs => _intervalMs;

    public int OpenTaskCount => _open.Count;

    /// <summary>The start of the interval holding <paramref name="time"/> (Unix milliseconds).</summary>
    public long IntervalOf(long time) => FloorTo(time, _intervalMs);

    /// <summary>The start of the interval of length <paramref name="intervalMs"/> holding <paramref name="time"/>.</summary>
    public static long FloorTo(long time, long intervalMs) => time - (((time % intervalMs) + intervalMs) % intervalMs);

    /// <summary>Adds one journal record: the events one command caused, in order.</summary>
    public void Add(long sequence, FlowEvent[] record)
    {
        _submitted = default;
        foreach (var e in record)
        {
            CountPassedThresholds(e.Time);
            // The submission's data, which the journal keeps on this event only (a live NEW_TASK
            // carries it too, a rebuilt one does not): the feed is read here so both count alike.
            if (e.Message == MessageType.CREATE_SOCIAL_CONTACT && e.Data is { } submitted) _submitted = (submitted.ContactId, submitted.FeedId);
            if (e.Message == MessageType.AGENT_EVENT)
            {
                ChangeAgentState(in e);
                continue;
            }
            if (e.Task == 0) continue;
            if (!_open.TryGetValue(e.Task, out var task))
            {
                // A task starts with its submission (or a transfer's NEW_TASK); anything later about an ended one is its epilogue.
                if (e.Message is not (MessageType.SOCIAL_CONTACT_CREATED or MessageType.NEW_TASK)) continue;
                task = new OpenTask(e.Task);
                _open.Add(e.Task, task);
                _openChanged.Add(e.Task);
            }
            if (task.LastRecord != sequence)
            {
                // The whole record at once, at the task's first event in it: the trace's reading
                // also places the task's unnumbered events (its creation, its agent's states).
                task.Trace.Read(record);
                task.LastRecord = sequence;
            }
            Observe(task, in e);
        }
        foreach (var task in _endingNow) End(task);
        _endingNow.Clear();
        Sequence = sequence;
    }

    /// <summary>
    /// The counts and ended tasks since the last call, handed over for storage and forgotten here.
    /// Row deltas add to what is stored, except the longest queue time, which is the larger.
    /// </summary>
    public (IReadOnlyDictionary<(long Start, ReportKey Key), IntervalCounters> Rows, IReadOnlyList<TaskDetailRecord> Tasks) TakeChanges()
    {
        var rows = new Dictionary<(long, ReportKey), IntervalCounters>(_changes);
        var tasks = _ended.ToArray();
        _changes.Clear();
        _ended.Clear();
        return (rows, tasks);
    }

    private void MarkServiceLevelCounted(OpenTask task)
    {
        task.ServiceLevelCounted = true;
        _openChanged.Add(task.Task);
    }

    /// <summary>
    /// The open tasks' changes since the last call: a store that applies each in turn holds the same
    /// open tasks as <see cref="Checkpoint"/> lists, at a cost that follows the traffic, not the backlog.
    /// </summary>
    public OpenTaskChanges TakeOpenTaskChanges()
    {
        var marked = new List<OpenTaskMark>();
        var closed = new List<int>();
        foreach (var number in _openChanged)
        {
            if (_open.TryGetValue(number, out var task)) marked.Add(new OpenTaskMark(number, task.ServiceLevelCounted));
            else closed.Add(number);
        }
        _openChanged.Clear();
        return new OpenTaskChanges(marked, closed);
    }

    /// <summary>Where the builder stands without its open tasks: the last record counted and the agents' current states.</summary>
    public ReportCheckpoint Position() => new(Sequence, [], AgentSpans());

    /// <summary>What a restart needs to go on after <see cref="Sequence"/>.</summary>
    public ReportCheckpoint Checkpoint() => new(
        Sequence,
        [.. _open.Values.OrderBy(t => t.Task).Select(t => new OpenTaskMark(t.Task, t.ServiceLevelCounted))],
        AgentSpans());

    /// <summary>
    /// Goes on from a checkpoint: the open tasks' records are read again (with <paramref name="recordsOf"/>,
    /// up to the checkpoint's sequence) to rebuild their state without counting anything twice.
    /// </summary>
    public void Restore(ReportCheckpoint checkpoint, Func<int, IEnumerable<(long Sequence, FlowEvent[] Record)>> recordsOf)
    {
        _counting = false;
        try
        {
            foreach (var mark in checkpoint.OpenTasks)
            {
                var task = new OpenTask(mark.Task);
                _open[mark.Task] = task;
                foreach (var (sequence, record) in recordsOf(mark.Task))
                {
                    if (sequence > checkpoint.Sequence) break;
                    task.Trace.Read(record);
                    foreach (var e in record)
                        if (e.Task == mark.Task) Observe(task, in e);
                }
                _endingNow.Clear();
                task.ServiceLevelCounted = mark.ServiceLevelCounted;
                // Counted, and its records say nothing of how: its threshold passed while it waited, which no record carries.
                if (mark.ServiceLevelCounted) task.WithinServiceLevel ??= false;
            }
            foreach (var span in checkpoint.Agents) _agents[(span.AgentId, span.MrdId)] = span;
            // The restored tasks are what the store holds already.
            _openChanged.Clear();
            Sequence = checkpoint.Sequence;
        }
        finally
        {
            _counting = true;
        }
    }

    private void Observe(OpenTask task, in FlowEvent e)
    {
        switch (e.Message)
        {
            case MessageType.NEW_TASK when e.To == Module.MediaRouting && !task.ArrivedAt.HasValue:
                task.ArrivedAt = e.Time;
                task.Selector = e.ScriptSelector;
                var mrd = 0;
                var routable = e.ScriptSelector is not null && _selectorMrd.TryGetValue(e.ScriptSelector, out mrd);
                if (routable) task.Mrd = mrd;
                // A selector the configuration lacks: no script routes it, but it came in on its feed's MRD, and is discarded there.
                else if (_submitted.Contact == e.ContactId && e.ContactId != Guid.Empty && _feedMrd.TryGetValue(_submitted.Feed, out var fed)) task.Mrd = fed;
                Count(task, e.Time, Counter.Offered, agent: false, queue: false);
                if (routable && _mrds.TryGetValue(task.Mrd, out var domain))
                    _deadlines.Enqueue(task.Task, e.Time + domain.ServiceLevelThresholdSeconds * 1000L);
                break;
            case MessageType.QUEUED_TASK_EVENT when e.From == Module.Router:
                Target(task, in e);
                task.QueuedAt.SetOnce(e.Time);
                break;
            case MessageType.QUEUE_TARGET_ADDED when e.SkillGroupId != 0 || e.PrecisionQueueId != 0:
                // Offered to each skill group and precision queue it waits in; the queue it is counted in
                // for the rest stays the first, until an agent's reservation says which one it was routed from.
                var joined = e.SkillGroupId != 0 ? ReportKey.SkillGroup(e.SkillGroupId) : ReportKey.PrecisionQueue(e.PrecisionQueueId);
                if (task.Offer(joined)) CountOne(joined, e.Time, Counter.Offered, 1);
                break;
            case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                Target(task, in e);
                if (!task.EverRouted)
                {
                    task.EverRouted = true;
                    // A threshold passed while it waited counts against the queue that routes it.
                    if (task.ServiceLevelCounted) CountServiceLevelOnQueue(task);
                }
                LeaveQueue(task, e.Time);
                task.Agent = e.AgentId;
                Count(task, e.Time, Counter.Routed);
                break;
            case MessageType.REQUEUE_TASK when e.Disposition == Disposition.RingNoAnswer:
                Count(task, e.Time, Counter.Rona);
                // CCE's service level event: a task that rings out before its threshold counts as
                // offered and not answered within, whoever answers it later.
                if (!task.ServiceLevelCounted)
                {
                    MarkServiceLevelCounted(task);
                    task.WithinServiceLevel = false;
                    Count(task, e.Time, Counter.ServiceLevelOffered, agent: false);
                }
                break;
            case MessageType.START_TASK_IND when !task.Started:
                task.Started = true;
                task.AnsweredAt = e.Time;
                var wait = e.Time - task.ArrivedAt.Or(e.Time);
                Count(task, e.Time, Counter.Answered);
                Count(task, e.Time, Counter.AnswerWaitMs, wait);
                if (!task.ServiceLevelCounted)
                {
                    MarkServiceLevelCounted(task);
                    task.WithinServiceLevel = wait <= Threshold(task);
                    Count(task, e.Time, Counter.ServiceLevelOffered, agent: false);
                    if (task.WithinServiceLevel == true) Count(task, e.Time, Counter.ServiceLevelAnswered, agent: false);
                }
                break;
        }
        if (e.EndsTask && !task.EndedAt.HasValue)
        {
            task.EndedAt = e.Time;
            _endingNow.Add(task);
        }
    }

    // The queue or skill group a routing message names; offered to it the first time the task meets it.
    private void Target(OpenTask task, in FlowEvent e)
    {
        if (e.MrdId != 0) task.Mrd = e.MrdId;
        if (e.SkillGroupId == 0 && e.PrecisionQueueId == 0) return;
        task.SkillGroup = e.PrecisionQueueId != 0 ? 0 : e.SkillGroupId;
        task.PrecisionQueue = e.PrecisionQueueId;
        var key = QueueKey(task)!.Value;
        if (!task.Offer(key)) return;
        CountOne(key, e.Time, Counter.Offered, 1);
    }

    private void LeaveQueue(OpenTask task, long time)
    {
        if (!task.QueuedAt.HasValue) return;
        var since = task.QueuedAt.Value;
        task.QueuedAt = default;
        task.QueuedMs += time - since;
        Count(task, time, Counter.QueueLeft, agent: false);
        Count(task, time, Counter.QueueTimeMs, time - since, agent: false);
        Count(task, time, Counter.LongestQueueMs, time - since, agent: false);
    }

    private void End(OpenTask task)
    {
        var end = task.EndedAt.Value;
        // Its threshold passed while it waited, and no agent took it: the queue it waited in.
        if (task.ServiceLevelCounted && !task.EverRouted) CountServiceLevelOnQueue(task);
        _open.Remove(task.Task);
        _openChanged.Add(task.Task);
        LeaveQueue(task, end);
        var trace = task.Trace.ToTrace();
        var outcome = task.Started ? TaskOutcome.Handled
            : trace.Flags.Any(f => f.Kind == TraceFlagKind.Discarded) ? TaskOutcome.Discarded
            : trace.Flags.Any(f => f.Kind == TraceFlagKind.AbandonedWhileOffered) ? TaskOutcome.AbandonedWhileOffered
            : TaskOutcome.AbandonedInQueue;
        var transferred = trace.Disposition.IsTransfer();
        switch (outcome)
        {
            case TaskOutcome.Handled:
                Count(task, end, Counter.Handled);
                Count(task, end, Counter.HandleTimeMs, trace.Timings.Handle ?? 0);
                if (transferred) Count(task, end, Counter.Transferred);
                break;
            case TaskOutcome.Discarded:
                Count(task, end, Counter.Discarded, agent: false);
                break;
            default:
                Count(task, end, outcome == TaskOutcome.AbandonedInQueue ? Counter.AbandonedInQueue : Counter.AbandonedWhileOffered,
                    agent: outcome == TaskOutcome.AbandonedWhileOffered);
                if (!task.ServiceLevelCounted)
                {
                    MarkServiceLevelCounted(task);
                    Count(task, end, Counter.ServiceLevelOffered, agent: false);
                    if (end - task.ArrivedAt.Or(end) <= Threshold(task))
                    {
                        Count(task, end, Counter.ServiceLevelAbandoned, agent: false);
                        // Under the MRD's own rule: met, missed, or (abandons ignored) not counted at all.
                        task.WithinServiceLevel = (_mrds.TryGetValue(task.Mrd, out var m) ? m.ServiceLevelType : ServiceLevelType.IgnoreAbandoned) switch
                        {
                            ServiceLevelType.AbandonedPositive => true,
                            ServiceLevelType.AbandonedNegative => false,
                            _ => null,
                        };
                    }
                    else task.WithinServiceLevel = false;
                }
                break;
        }
        if (!_counting) return;
        var data = trace.Data;
        _ended.Add(new TaskDetailRecord
        {
            Task = task.Task,
            ContactId = trace.ContactId,
            DialogueId = trace.DialogueId,
            TaskId = trace.TaskId.IsNone ? "" : trace.TaskId.ToString(),
            PreviousTaskId = trace.PreviousTask.IsNone ? "" : trace.PreviousTask.ToString(),
            ScriptSelector = task.Selector ?? trace.ScriptSelector,
            MrdId = task.Mrd,
            SkillGroupId = task.SkillGroup,
            PrecisionQueueId = task.PrecisionQueue,
            AgentId = trace.AgentId,
            LoginId = trace.LoginId != 0 ? trace.LoginId : LoginOf(trace.AgentId),
            ArrivedAt = task.ArrivedAt.Or(end),
            AnsweredAt = (long?)task.AnsweredAt,
            EndedAt = end,
            DelayMs = trace.Timings.Delay,
            // A task abandoned in queue waited there too, as the interval rows count it.
            QueueMs = trace.Timings.Queue ?? (outcome == TaskOutcome.AbandonedInQueue && task.QueuedMs > 0 ? task.QueuedMs : null),
            NetworkMs = trace.Timings.Network,
            OfferMs = trace.Timings.Offer,
            HandleMs = trace.Timings.Handle,
            AnswerWaitMs = trace.Timings.AnswerWait,
            Outcome = outcome,
            Status = trace.Status,
            Disposition = trace.Disposition,
            RonaCount = trace.RonaCount,
            Transferred = transferred,
            // A task never counted against the service level (discarded before its threshold) has no outcome in it, rather than a miss.
            WithinServiceLevel = task.ServiceLevelCounted ? task.WithinServiceLevel : null,
            CallVariables = data?.CallVariables ?? [],
            EccVariables = data?.EccVariables ?? [],
        });
    }

    /// <summary>When the next waiting task's service level threshold passes (Unix ms); null when none waits.</summary>
    public long? NextThreshold => _deadlines.TryPeek(out _, out var deadline) ? deadline : null;

    /// <summary>
    /// Counts the thresholds that passed by <paramref name="now"/> though no event came: in a quiet
    /// hour a waiting task's service level outcome would otherwise wait for the next event. Each
    /// counts at its own threshold, so the rows are those the next event would have made.
    /// </summary>
    public void PassTime(long now) => CountPassedThresholds(now);

    // Tasks still waiting when their threshold passes count against the service level in that interval.
    private void CountPassedThresholds(long now)
    {
        while (_deadlines.TryPeek(out var number, out var deadline) && deadline < now)
        {
            _deadlines.Dequeue();
            if (!_open.TryGetValue(number, out var task) || task.ServiceLevelCounted) continue;
            MarkServiceLevelCounted(task);
            task.WithinServiceLevel = false;
            // On its queue once it is known which one: the one that routes it, or the one it waited
            // in if it ends without an agent. A task waiting in several is one task to the level.
            Count(task, deadline, Counter.ServiceLevelOffered, agent: false, queue: false);
        }
    }

    // The queue's share of a threshold that passed before the task was routed, in the threshold's interval.
    private void CountServiceLevelOnQueue(OpenTask task)
    {
        if (QueueKey(task) is { } key) CountOne(key, task.ArrivedAt.Or(0) + Threshold(task), Counter.ServiceLevelOffered, 1);
    }

    private long Threshold(OpenTask task) =>
        _mrds.TryGetValue(task.Mrd, out var m) ? m.ServiceLevelThresholdSeconds * 1000L : long.MaxValue;

    private int LoginOf(int agentId) => _loginOf.TryGetValue(agentId, out var login) ? login : agentId;

    private static ReportKey? QueueKey(OpenTask task) =>
        task.PrecisionQueue != 0 ? ReportKey.PrecisionQueue(task.PrecisionQueue)
        : task.SkillGroup != 0 ? ReportKey.SkillGroup(task.SkillGroup)
        : null;

    // One fact about a task counts for its MRD, its script selector, its skill group or precision queue, and its agent.
    private void Count(OpenTask task, long time, Counter counter, long amount = 1, bool agent = true, bool queue = true)
    {
        if (!_counting) return;
        if (task.Mrd != 0) CountOne(ReportKey.Mrd(task.Mrd), time, counter, amount);
        if (task.Selector is not null) CountOne(ReportKey.ScriptSelector(task.Selector), time, counter, amount);
        if (queue && QueueKey(task) is { } key) CountOne(key, time, counter, amount);
        if (agent && task.Agent != 0) CountOne(ReportKey.Agent(LoginOf(task.Agent)), time, counter, amount);
    }

    private void CountOne(ReportKey key, long time, Counter counter, long amount)
    {
        if (!_counting) return;
        var row = Row(IntervalOf(time), key);
        row[counter] = counter == Counter.LongestQueueMs ? Math.Max(row[counter], amount) : row[counter] + amount;
    }

    private IntervalCounters Row(long start, ReportKey key)
    {
        if (!_changes.TryGetValue((start, key), out var row))
        {
            row = new IntervalCounters();
            _changes.Add((start, key), row);
        }
        return row;
    }

    private sealed class OpenTask(int task)
    {
        public int Task { get; } = task;
        // Its story read as it comes, instead of its records kept to be read at its end: a queued
        // task's records took about 1 KB of heap (docs/benchmarks.md, queuedsize).
        public TraceReader Trace { get; } = new(task, detail: false);
        // The journal sequence of the last record read, not the record: held, it would keep the
        // memory the reader saves.
        public long LastRecord { get; set; } = -1;
        // A task meets one queue or a few, most only the first: that one is kept in place, the
        // others in a list made when a second comes, searched end to end.
        private ReportKey _firstOffered;
        private bool _offered;
        private List<ReportKey>? _moreOffered;
        public string? Selector { get; set; }
        public int Mrd { get; set; }
        public int SkillGroup { get; set; }
        public int PrecisionQueue { get; set; }
        public int Agent { get; set; }
        // Fields, not properties: OptionalTime is set in place (SetOnce). Half a long?'s size each.
        public OptionalTime ArrivedAt;
        public OptionalTime QueuedAt;
        // Time spent in queues so far, for a task that ends without an agent: its trace has no queue time.
        public long QueuedMs { get; set; }
        public OptionalTime AnsweredAt;
        public OptionalTime EndedAt;
        public bool Started { get; set; }
        // Before its first reservation a task's service level can only have been counted by its
        // threshold passing, whose queue share waits for the queue that routes it.
        public bool EverRouted { get; set; }
        public bool ServiceLevelCounted { get; set; }
        // Null until its service level outcome counts, and after if that outcome is an abandon its MRD's rule leaves out.
        public bool? WithinServiceLevel { get; set; }

        /// <summary>Notes that the task met the queue <paramref name="key"/>; false when it had already.</summary>
        public bool Offer(ReportKey key)
        {
            if (!_offered)
            {
                _firstOffered = key;
                _offered = true;
                return true;
            }
            if (_firstOffered.Equals(key) || (_moreOffered?.Contains(key) ?? false)) return false;
            (_moreOffered ??= new(1)).Add(key);
            return true;
        }
    }
}
