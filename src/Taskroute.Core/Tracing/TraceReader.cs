using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Tracing;

/// <summary>
/// Reads one task's story from its journal records as they come, and tells it
/// (<see cref="ToTrace"/>) at any point. <see cref="TraceBuilder"/> reads a task's records through
/// one; the reports keep one per open task instead of its records. Without <c>detail</c> it keeps
/// only what the trace's ids, timings, steps, flags and status need: no events, routing decisions,
/// agent states or status changes: a few hundred bytes a task, where its records took about a
/// kilobyte.
/// </summary>
public sealed class TraceReader
{
    private readonly int _task;
    private readonly List<FlowEvent>? _events;
    private readonly bool _eventsGiven;
    private readonly List<RoutingDecision>? _decisions;
    private readonly List<TraceAgentState>? _agentStates;
    private readonly List<TraceStatusChange>? _statuses;
    private List<TraceFlag>? _flags;

    // What places the events without a task number (IsOurs): the contact as the task's own events
    // name it, and the agents reserved for the task, whose state changes in its records are its own.
    private Guid _ownContact;
    private HashSet<int>? _agents;

    private OptionalTime _newTask, _newCall, _queued, _preCall, _connect, _doThis, _firstDecision;
    private OptionalTime _offer, _offerEvent, _start, _startEvent, _active, _end, _endEvent;
    private OptionalTime _lastPreCall, _lastDoThis;
    private bool _reserved, _offered, _started, _ended;
    // Ended by the agent's sign-out (CTI's END_TASK_EVENT with disposition 40 or 65): no desktop sends
    // END_TASK_IND for it, so the event is the end.
    private bool _endedBySignOut;
    private int _rona;
    // An interruption under way: since when, and what began it.
    private OptionalTime _interruptedAt;
    private string? _interruptedBy;
    private ContactStatus _status = ContactStatus.None;
    private Disposition _disposition = Disposition.None;
    private Guid _contact;
    private int _dialogue, _mrd, _skillGroup, _pq, _agent, _login;
    private IcmTaskId _taskId = IcmTaskId.None;
    private IcmTaskId _previousTask = IcmTaskId.None;
    private string? _selector;
    private TaskData? _data;

    public TraceReader(int task, bool detail = true)
    {
        _task = task;
        if (!detail) return;
        _events = [];
        _decisions = [];
        _agentStates = [];
        _statuses = [];
    }

    // Reads events that are all the task's own and keeps that very list as the trace's events.
    internal TraceReader(int task, List<FlowEvent> events) : this(task)
    {
        _events = events;
        _eventsGiven = true;
    }

    /// <summary>
    /// Reads the task's events out of one journal record (which may also hold other tasks' events).
    /// Records must come in journal order, each once.
    /// </summary>
    public void Read(IReadOnlyList<FlowEvent> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var i = 0; i < record.Count; i++)
        {
            var e = record[i];
            // A transfer ends the old task and starts this one in one record: the old task's id is
            // this one's previous task, which the journal's events do not repeat.
            if (e.Task != _task && e.Task != 0 && e.EndsTask && e.Disposition.IsTransfer()
                && !e.TaskId.IsNone && _previousTask.IsNone && StartsHere(record))
                _previousTask = e.TaskId;
            if (e.Task == _task)
            {
                if (e.ContactId != Guid.Empty) _ownContact = e.ContactId;
                if (e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND) (_agents ??= []).Add(e.AgentId);
                Observe(in e);
            }
            else if (e.Task == 0 && IsOurs(record, i))
            {
                Observe(in e);
            }
        }
    }

    private bool StartsHere(IReadOnlyList<FlowEvent> record)
    {
        for (var j = 0; j < record.Count; j++)
            if (record[j].Task == _task && record[j].Message == MessageType.NEW_TASK) return true;
        return false;
    }

    // Events without a task number belong to the task when they are its submission (the contact's
    // creation, before the task had a number) or an agent state change of its agent that the task
    // caused: the next numbered event in the same record is the task's own.
    private bool IsOurs(IReadOnlyList<FlowEvent> record, int index)
    {
        var e = record[index];
        if (e.Message == MessageType.CREATE_SOCIAL_CONTACT)
        {
            for (var j = index + 1; j < record.Count; j++)
                if (record[j].Task != 0) return record[j].Task == _task && (_ownContact == Guid.Empty || record[j].ContactId == e.ContactId);
            return false;
        }
        if (e.Message != MessageType.AGENT_EVENT) return false;
        // Until the task holds the agent, only the reservation is its doing: an agent going ready
        // (or routable again after a RONA) in the command that routes the task to it is the agent's.
        if (e.AgentState != AgentState.RESERVED && !(_reserved && e.AgentId == _agent)) return false;
        // The agent's other MRDs change with the task too (a non-interruptible task makes the agent
        // unavailable there, or interrupts it): those are the agent's, and an interrupted task's
        // own advisory tells its part.
        if (_mrd != 0 && e.MrdId != _mrd) return false;
        for (var j = index + 1; j < record.Count; j++)
        {
            // An interruption's advisories follow the interrupted MRD's change, numbered for each of
            // its tasks, and carry that state change themselves: they say nothing of whose the
            // agent's other state changes are.
            if (record[j].Task == 0 || IsInterruptAdvisory(record[j].Message)) continue;
            return record[j].Task == _task && (record[j].AgentId == e.AgentId || (_agents?.Contains(e.AgentId) ?? false));
        }
        return false;
    }

    private static bool IsInterruptAdvisory(MessageType message) =>
        message is MessageType.AGENT_INTERRUPT_ADVISORY_EVENT or MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT;

    /// <summary>Reads one event known to be the task's.</summary>
    public void Observe(in FlowEvent e)
    {
        if (_events is not null && !_eventsGiven) _events.Add(e);
        if (e.ContactId != Guid.Empty) _contact = e.ContactId;
        if (e.DialogueId != 0) _dialogue = e.DialogueId;
        if (!e.TaskId.IsNone && e.TaskId != default) _taskId = e.TaskId;
        // A transfer's end names where the task went, not the selector it was routed by.
        if (e.ScriptSelector is not null && !e.Disposition.IsTransfer()) _selector = e.ScriptSelector;
        if (e.MrdId != 0) _mrd = e.MrdId;
        if (e.Data is { } d)
        {
            _data = d;
            if (!d.PreviousTask.IsNone) _previousTask = d.PreviousTask;
        }

        switch (e.Message)
        {
            case MessageType.NEW_TASK:
                _newTask.SetOnce(e.Time);
                break;
            case MessageType.NEW_CALL:
                _newCall.SetOnce(e.Time);
                break;
            case MessageType.QUEUED_TASK_EVENT when e.From == Module.Router:
                _queued.SetOnce(e.Time);
                // Where it waits, until an agent's reservation says where it was answered from.
                if (_skillGroup == 0 && _pq == 0)
                {
                    _skillGroup = e.SkillGroupId;
                    _pq = e.PrecisionQueueId;
                }
                break;
            case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                if (_reserved && !_offered && !_started)
                    Flag(new TraceFlag(TraceFlagKind.ReservedNeverOffered, _lastPreCall, NeverAccepted(_agent)));
                // Offered, never started, and routed again: the agent let it ring. Taskroute's own
                // flow requeues first (REQUEUE_TASK, counted there, which clears the offer); a CCE's
                // logs may show only the router's next pre-call, its RCKSeqNum one higher.
                if (_offered && !_started)
                {
                    _rona++;
                    Flag(new TraceFlag(TraceFlagKind.Rona, e.Time, $"agent {_agent} was offered the task and did not start it; it was routed again"));
                }
                _preCall.SetOnce(e.Time);
                _firstDecision.SetOnce(e.Time);
                _lastPreCall = e.Time;
                _reserved = true;
                _offered = false;
                // Routed to another agent (after a RONA, or a transfer): the last agent's login is not this one's.
                if (e.AgentId != _agent) _login = 0;
                _agent = e.AgentId;
                _skillGroup = e.SkillGroupId;
                _pq = e.PrecisionQueueId;
                _decisions?.Add(new RoutingDecision(e.Time, e.Rule, e.Candidates, e.SkillGroupId, e.PrecisionQueueId, e.AgentId, e.MrdId, e.Text));
                break;
            case MessageType.CONNECT:
                _connect.SetOnce(e.Time);
                break;
            case MessageType.DO_THIS_WITH_TASK:
                _doThis.SetOnce(e.Time);
                _lastDoThis = e.Time;
                break;
            case MessageType.OFFER_TASK_IND when _lastPreCall.HasValue:
                _offer = _started ? _offer : e.Time;
                _offered = true;
                break;
            case MessageType.OFFER_TASK_EVENT:
                _offerEvent.SetOnce(e.Time);
                break;
            case MessageType.START_TASK_IND:
                if (!_started) _start = e.Time;
                _started = true;
                break;
            case MessageType.START_TASK_EVENT:
                _startEvent.SetOnce(e.Time);
                break;
            case MessageType.END_TASK_IND:
                _end.SetOnce(e.Time);
                break;
            case MessageType.END_TASK_EVENT:
                _endEvent.SetOnce(e.Time);
                if (e.Disposition is Disposition.AgentLoggedOutDuringTask or Disposition.TaskTransferredOnAgentLogout) _endedBySignOut = true;
                break;
            case MessageType.REQUEUE_TASK:
                if (e.Disposition == Disposition.RingNoAnswer)
                {
                    _rona++;
                    Flag(new TraceFlag(TraceFlagKind.Rona, e.Time, $"agent {e.AgentId} did not start the task in time; it went back to the queue"));
                }
                if (_reserved && !_offered && !_started)
                    Flag(new TraceFlag(TraceFlagKind.ReservedNeverOffered, _lastPreCall, NeverAccepted(e.AgentId)));
                _reserved = false;
                _offered = false;
                if (!_started) _offer = null;
                break;
            case MessageType.AGENT_EVENT:
                _agentStates?.Add(new TraceAgentState(e.Time, e.AgentId, e.LoginId, e.MrdId, e.AgentState, e.NumTasks, e.MaxTaskLimit, e.Routable));
                // Step 8 is the agent going ACTIVE for this task: once it has started, not an ACTIVE
                // of the agent's other tasks seen before.
                if (e.AgentState == AgentState.ACTIVE && _started) _active.SetOnce(e.Time);
                if (e.LoginId != 0 && e.AgentId == _agent) _login = e.LoginId;
                break;
            case MessageType.AGENT_INTERRUPT_ADVISORY_EVENT:
                _agentStates?.Add(new TraceAgentState(e.Time, e.AgentId, e.LoginId, e.MrdId, e.AgentState, e.NumTasks, e.MaxTaskLimit, e.Routable));
                _interruptedAt = e.Time;
                _interruptedBy = e.Text;
                break;
            case MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT:
                _agentStates?.Add(new TraceAgentState(e.Time, e.AgentId, e.LoginId, e.MrdId, e.AgentState, e.NumTasks, e.MaxTaskLimit, e.Routable));
                if (_interruptedAt.HasValue)
                    Flag(new TraceFlag(TraceFlagKind.Interrupted, _interruptedAt, Interruption(e.AgentId, $"it resumed {Seconds(e.Time - _interruptedAt.Value)} later")));
                _interruptedAt = default;
                _interruptedBy = null;
                break;
            case MessageType.SOCIAL_CONTACT_CREATED or MessageType.SOCIAL_CONTACT_UPDATED when e.ContactStatus != ContactStatus.None:
                if (e.ContactStatus != _status) _statuses?.Add(new TraceStatusChange(e.Time, e.ContactStatus, e.Text));
                _status = e.ContactStatus;
                break;
        }
        if (e.LoginId != 0 && e.AgentId == _agent && _agent != 0) _login = e.LoginId;

        if (e.EndsTask && !_ended)
        {
            _ended = true;
            _disposition = e.Disposition;
            var final = e.ContactStatus != ContactStatus.None ? e.ContactStatus : _status;
            // A task whose contact goes on in another task (a transfer) has no status update of
            // its own at its end: its end event says how it ended.
            if (e.Disposition.IsTransfer() && final != _status && _status != ContactStatus.None)
            {
                _statuses?.Add(new TraceStatusChange(e.Time, final, e.Text));
                _status = final;
            }
            if (final is ContactStatus.Cancelled or ContactStatus.Discarded && !_started)
            {
                var why = e.Text ?? e.Disposition.Words();
                // A task refused outright is discarded; one whose task life or time in queue ran out
                // while it waited was abandoned in queue, as CCE's reports count it.
                var expired = e.Disposition == Disposition.MaxTaskLifetimeExceeded || (e.Disposition == Disposition.AbandonedInRouter && _queued.HasValue);
                Flag(final == ContactStatus.Discarded && !_lastPreCall.HasValue && !expired
                    ? new TraceFlag(TraceFlagKind.Discarded, e.Time, why)
                    : _reserved
                        ? new TraceFlag(TraceFlagKind.AbandonedWhileOffered, e.Time, why)
                        : new TraceFlag(TraceFlagKind.AbandonedInQueue, e.Time, why));
            }
        }
    }

    private void Flag(TraceFlag flag) => (_flags ??= []).Add(flag);

    /// <summary>The story so far; reading more afterwards is allowed and changes no trace told before.</summary>
    public TaskTrace ToTrace()
    {
        // Read once as plain nullables: the fields are kept small, the arithmetic below reads better this way.
        long? newTask = _newTask;
        long? newCall = _newCall;
        long? queued = _queued;
        long? preCall = _preCall;
        long? connect = _connect;
        long? doThis = _doThis;
        long? firstDecision = _firstDecision;
        long? offer = _offer;
        long? offerEvent = _offerEvent;
        long? start = _start;
        long? startEvent = _startEvent;
        long? active = _active;
        long? endEvent = _endEvent;
        long? end = _end.HasValue ? _end : _endedBySignOut ? endEvent : null;
        long? lastPreCall = _lastPreCall;
        long? lastDoThis = _lastDoThis;
        List<TraceFlag> flags = _flags is null ? [] : [.. _flags];
        if (_reserved && !_offered && !_started && _ended)
            flags.Add(new TraceFlag(TraceFlagKind.ReservedNeverOffered, lastPreCall, NeverAccepted(_agent)));
        if (_interruptedAt.HasValue)
            flags.Add(new TraceFlag(TraceFlagKind.Interrupted, _interruptedAt, Interruption(_agent, _ended ? "it ended before it resumed" : "it has not resumed yet")));
        if (!_ended) flags.Add(new TraceFlag(TraceFlagKind.NotEnded, null, _started ? "the agent is still handling the task" : _reserved ? "an agent is reserved; the task has not started" : "the task is still waiting"));

        var names = TraceBuilder.StepNames;
        var steps = new List<TraceStep>
        {
            new(1, names[0], newTask),
            new(2, names[1], newCall),
            new(3, names[2], firstDecision),
            new(4, names[3], preCall is not null && connect is not null ? Math.Max(preCall.Value, connect.Value) : null),
            new(5, names[4], doThis),
            new(6, names[5], offer is not null && offerEvent is not null ? Math.Max(offer.Value, offerEvent.Value) : null),
            new(7, names[6], start is not null && startEvent is not null ? Math.Max(start.Value, startEvent.Value) : null),
            // An agent already ACTIVE with another task has no state change to log: the start itself is the step.
            new(8, names[7], active ?? (start is not null && startEvent is not null ? Math.Max(start.Value, startEvent.Value) : null)),
            new(9, names[8], end is not null && endEvent is not null ? Math.Max(end.Value, endEvent.Value) : null),
        };
        var handled = _status == ContactStatus.Handled;
        var lastReached = steps.FindLastIndex(s => s.Time is not null);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Time is not null) continue;
            // A task handled without an offer (the desktop may start a task directly) only misses step 6 if it was never started.
            if (i == 5 && start is not null) continue;
            // A task that ended before an agent started it (abandoned while offered, discarded, expired)
            // never had steps 7 and 8: the TechNote's steps are what a task goes through, and these
            // did not happen rather than go unlogged.
            if (i is 6 or 7 && _ended && !_started && startEvent is null) continue;
            if (i < lastReached || (handled && i <= 8))
            {
                flags.Add(new TraceFlag(TraceFlagKind.MissingStep, null, $"step {steps[i].Number} missing: {steps[i].Name}"));
                steps[i] = steps[i] with { Missing = true };
            }
        }

        // Delay runs from the route request to the router's first answer (queued or an agent
        // reserved); queue from then to the reservation that reached the agent, so the time a RONA'd
        // agent let the task ring counts as queue time, as CCE counts it.
        var routedAt = queued is not null && preCall is not null ? Math.Min(queued.Value, preCall.Value) : queued ?? preCall;
        long? delay = newCall is not null && routedAt is not null ? routedAt - newCall : null;
        // A task whose last reservation rang out and was never reserved again has no reservation that
        // reached an agent: its queue time is unknown here, as a task's that was never reserved
        // (reports take its time waiting instead), not the moment it took to reserve the agent it lost.
        var lastRangOut = lastPreCall is not null && !_reserved && !_started;
        long? queue = routedAt is null || lastRangOut ? null
            : queued is null && _rona == 0 ? (lastPreCall is not null ? 0 : null)
            : lastDoThis is not null && lastDoThis >= routedAt && lastPreCall >= routedAt ? lastDoThis - routedAt : null;
        long? network = lastPreCall is not null && (offer ?? start) is { } reached ? reached - lastPreCall : null;
        long? offerTime = start is not null ? (offer is not null ? start - offer : 0) : null;
        long? handle = start is not null && end is not null ? end - start : null;

        return new TaskTrace
        {
            Task = _task,
            ContactId = _contact,
            DialogueId = _dialogue,
            TaskId = _taskId,
            ScriptSelector = _selector,
            MrdId = _mrd,
            SkillGroupId = _skillGroup,
            PrecisionQueueId = _pq,
            AgentId = _agent,
            LoginId = _login,
            Status = _status,
            Disposition = _disposition,
            Ended = _ended,
            PreviousTask = _previousTask,
            Data = _data,
            Events = _events is null ? [] : _eventsGiven ? _events : [.. _events],
            Decisions = _decisions is null ? [] : [.. _decisions],
            AgentStates = _agentStates is null ? [] : [.. _agentStates],
            StatusChanges = _statuses is null ? [] : [.. _statuses],
            Steps = steps,
            Timings = new TaskTimings(delay, queue, network, offerTime, handle),
            // In the order they happened, as the timeline reads; those of no one moment (a step missing, not ended) last.
            Flags = [.. flags.OrderBy(f => f.Time ?? long.MaxValue)],
            RonaCount = _rona,
        };
    }

    private string Interruption(int agent, string outcome) =>
        $"agent {agent}'s MRD was interrupted{(_interruptedBy is null ? "" : $" ({_interruptedBy})")}; {outcome}";

    private static string Seconds(long ms) => ms % 1000 == 0
        ? $"{ms / 1000} s"
        : $"{(ms / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    // CCE calls a task offered once the desktop accepts it (OFFER_TASK_IND); a desktop shows the
    // task as OFFERED from the reservation on, so the flag says both, in the desktop's words first.
    private static string NeverAccepted(int agent) =>
        $"agent {agent} was reserved and shown the task but never accepted it (no OFFER_TASK_IND: never offered, in CCE's terms)";
}
