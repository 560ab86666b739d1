using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Tracing;

/// <summary>Builds a <see cref="TaskTrace"/> from the journal records that concern one task.</summary>
public static class TraceBuilder
{
    /// <summary>The TechNote's nine steps, by the message that marks each.</summary>
    public static readonly IReadOnlyList<string> StepNames =
    [
        "NEW_TASK from the application to the MR PG",
        "NEW_CALL route request from the MR PG to the router",
        "Script run, agent selected",
        "DEVICE_TARGET_PRE_CALL_IND to the agent PG: agent RESERVED; CONNECT to the MR PG",
        "DO_THIS_WITH_TASK to the application",
        "OFFER_TASK_IND and OFFER_TASK_EVENT",
        "START_TASK_IND and START_TASK_EVENT",
        "Agent ACTIVE in the MRD",
        "END_TASK_IND and END_TASK_EVENT",
    ];

    /// <summary>
    /// Picks the task's events out of its records (which may also hold other tasks' events) and
    /// reads its story from them. <paramref name="records"/> must be in journal order.
    /// </summary>
    public static TaskTrace Build(int task, IEnumerable<IReadOnlyList<FlowEvent>> records)
    {
        var events = new List<FlowEvent>();
        var agents = new HashSet<int>();
        Guid contact = Guid.Empty;
        foreach (var record in records)
        {
            for (var i = 0; i < record.Count; i++)
            {
                var e = record[i];
                if (e.Task == task)
                {
                    if (e.ContactId != Guid.Empty) contact = e.ContactId;
                    if (e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND) agents.Add(e.AgentId);
                    events.Add(e);
                }
                else if (e.Task == 0 && IsOurs(record, i, task, contact, agents))
                {
                    events.Add(e);
                }
            }
        }
        return Read(task, events);
    }

    /// <summary>
    /// Reads the story of events that are all the task's own (every one numbered <paramref name="task"/>),
    /// in order: what <see cref="Build"/> gives for records holding only them, without copying them
    /// first. The trace keeps <paramref name="events"/> as its events.
    /// </summary>
    public static TaskTrace BuildFromOwnEvents(int task, List<FlowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
            if (e.Task != task) throw new ArgumentException($"an event of task {e.Task} among task {task}'s own", nameof(events));
        return Read(task, events);
    }

    // Events without a task number belong to the task when they are its submission (the contact's
    // creation, before the task had a number) or an agent state change of its agent that the task
    // caused: the next numbered event in the same record is the task's own.
    private static bool IsOurs(IReadOnlyList<FlowEvent> record, int index, int task, Guid contact, HashSet<int> agents)
    {
        var e = record[index];
        if (e.Message == MessageType.CREATE_SOCIAL_CONTACT)
        {
            for (var j = index + 1; j < record.Count; j++)
                if (record[j].Task != 0) return record[j].Task == task && (contact == Guid.Empty || record[j].ContactId == e.ContactId);
            return false;
        }
        if (e.Message != MessageType.AGENT_EVENT) return false;
        for (var j = index + 1; j < record.Count; j++)
        {
            if (record[j].Task == 0) continue;
            return record[j].Task == task && (record[j].AgentId == e.AgentId || agents.Contains(e.AgentId));
        }
        return false;
    }

    private static TaskTrace Read(int task, List<FlowEvent> events)
    {
        var decisions = new List<RoutingDecision>();
        var agentStates = new List<TraceAgentState>();
        var statuses = new List<TraceStatusChange>();
        var flags = new List<TraceFlag>();
        long? newTask = null, newCall = null, queued = null, preCall = null, connect = null, doThis = null;
        long? offer = null, offerEvent = null, start = null, startEvent = null, active = null, end = null, endEvent = null;
        long? lastPreCall = null, lastDoThis = null;
        var reserved = false;
        var offered = false;
        var started = false;
        var ended = false;
        var rona = 0;
        var status = ContactStatus.None;
        var disposition = Disposition.None;
        Guid contact = Guid.Empty;
        int dialogue = 0, mrd = 0, skillGroup = 0, pq = 0, agent = 0, login = 0;
        var taskId = IcmTaskId.None;
        var previousTask = IcmTaskId.None;
        string? selector = null;
        TaskData? data = null;

        foreach (var e in events)
        {
            if (e.ContactId != Guid.Empty) contact = e.ContactId;
            if (e.DialogueId != 0) dialogue = e.DialogueId;
            if (!e.TaskId.IsNone && e.TaskId != default) taskId = e.TaskId;
            if (e.ScriptSelector is not null) selector = e.ScriptSelector;
            if (e.MrdId != 0) mrd = e.MrdId;
            if (e.Data is { } d)
            {
                data = d;
                previousTask = d.PreviousTask;
            }

            switch (e.Message)
            {
                case MessageType.NEW_TASK:
                    newTask ??= e.Time;
                    break;
                case MessageType.NEW_CALL:
                    newCall ??= e.Time;
                    break;
                case MessageType.QUEUED_TASK_EVENT when e.From == Module.Router:
                    queued ??= e.Time;
                    break;
                case MessageType.DEVICE_TARGET_PRE_CALL_IND:
                    if (reserved && !offered && !started)
                        flags.Add(new TraceFlag(TraceFlagKind.ReservedNeverOffered, lastPreCall, $"agent {agent} was reserved but the task was never offered"));
                    preCall ??= e.Time;
                    lastPreCall = e.Time;
                    reserved = true;
                    offered = false;
                    agent = e.AgentId;
                    skillGroup = e.SkillGroupId;
                    pq = e.PrecisionQueueId;
                    decisions.Add(new RoutingDecision(e.Time, e.Rule, e.Candidates, e.SkillGroupId, e.PrecisionQueueId, e.AgentId, e.MrdId, e.Text));
                    break;
                case MessageType.CONNECT:
                    connect ??= e.Time;
                    break;
                case MessageType.DO_THIS_WITH_TASK:
                    doThis ??= e.Time;
                    lastDoThis = e.Time;
                    break;
                case MessageType.OFFER_TASK_IND when lastPreCall is not null:
                    offer = started ? offer : e.Time;
                    offered = true;
                    break;
                case MessageType.OFFER_TASK_EVENT:
                    offerEvent ??= e.Time;
                    break;
                case MessageType.START_TASK_IND:
                    if (!started) start = e.Time;
                    started = true;
                    break;
                case MessageType.START_TASK_EVENT:
                    startEvent ??= e.Time;
                    break;
                case MessageType.END_TASK_IND:
                    end ??= e.Time;
                    break;
                case MessageType.END_TASK_EVENT:
                    endEvent ??= e.Time;
                    break;
                case MessageType.REQUEUE_TASK:
                    if (e.Disposition == Disposition.RingNoAnswer)
                    {
                        rona++;
                        flags.Add(new TraceFlag(TraceFlagKind.Rona, e.Time, $"agent {e.AgentId} did not start the task in time; it went back to the queue"));
                    }
                    if (reserved && !offered && !started)
                        flags.Add(new TraceFlag(TraceFlagKind.ReservedNeverOffered, lastPreCall, $"agent {e.AgentId} was reserved but the task was never offered"));
                    reserved = false;
                    offered = false;
                    if (!started) offer = null;
                    break;
                case MessageType.AGENT_EVENT:
                    agentStates.Add(new TraceAgentState(e.Time, e.AgentId, e.LoginId, e.MrdId, e.AgentState, e.NumTasks, e.MaxTaskLimit));
                    if (e.AgentState == AgentState.ACTIVE) active ??= e.Time;
                    if (e.LoginId != 0 && e.AgentId == agent) login = e.LoginId;
                    break;
                case MessageType.SOCIAL_CONTACT_CREATED or MessageType.SOCIAL_CONTACT_UPDATED when e.ContactStatus != ContactStatus.None:
                    if (e.ContactStatus != status) statuses.Add(new TraceStatusChange(e.Time, e.ContactStatus, e.Text));
                    status = e.ContactStatus;
                    break;
            }
            if (e.LoginId != 0 && e.AgentId == agent && agent != 0) login = e.LoginId;

            if (e.EndsTask && !ended)
            {
                ended = true;
                disposition = e.Disposition;
                var final = e.ContactStatus != ContactStatus.None ? e.ContactStatus : status;
                if (final is ContactStatus.Cancelled or ContactStatus.Discarded && !started)
                {
                    var why = e.Text ?? $"disposition {(int)e.Disposition} ({e.Disposition})";
                    flags.Add(final == ContactStatus.Discarded && lastPreCall is null
                        ? new TraceFlag(TraceFlagKind.Discarded, e.Time, why)
                        : reserved
                            ? new TraceFlag(TraceFlagKind.AbandonedWhileOffered, e.Time, why)
                            : new TraceFlag(TraceFlagKind.AbandonedInQueue, e.Time, why));
                }
            }
        }
        if (reserved && !offered && !started && ended)
            flags.Add(new TraceFlag(TraceFlagKind.ReservedNeverOffered, lastPreCall, $"agent {agent} was reserved but the task was never offered"));
        if (!ended) flags.Add(new TraceFlag(TraceFlagKind.NotEnded, null, started ? "the agent is still handling the task" : reserved ? "an agent is reserved; the task has not started" : "the task is still waiting"));

        var steps = new List<TraceStep>
        {
            new(1, StepNames[0], newTask),
            new(2, StepNames[1], newCall),
            new(3, StepNames[2], decisions.Count > 0 ? decisions[0].Time : null),
            new(4, StepNames[3], preCall is not null && connect is not null ? Math.Max(preCall.Value, connect.Value) : null),
            new(5, StepNames[4], doThis),
            new(6, StepNames[5], offer is not null && offerEvent is not null ? Math.Max(offer.Value, offerEvent.Value) : null),
            new(7, StepNames[6], start is not null && startEvent is not null ? Math.Max(start.Value, startEvent.Value) : null),
            new(8, StepNames[7], active),
            new(9, StepNames[8], end is not null && endEvent is not null ? Math.Max(end.Value, endEvent.Value) : null),
        };
        var handled = status == ContactStatus.Handled;
        var lastReached = steps.FindLastIndex(s => s.Time is not null);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Time is not null) continue;
            // A task handled without an offer (the desktop may start a task directly) only misses step 6 if it was never started.
            if (i == 5 && start is not null) continue;
            if (i < lastReached || (handled && i <= 8))
                flags.Add(new TraceFlag(TraceFlagKind.MissingStep, null, $"step {steps[i].Number} missing: {steps[i].Name}"));
        }

        // Timings of the attempt that reached the agent: a RONA's first reservation counts as queue time.
        var routedAt = queued ?? lastPreCall;
        long? delay = newCall is not null && routedAt is not null ? routedAt - newCall : null;
        long? queue = queued is null ? (lastPreCall is not null ? 0 : null) : lastDoThis is not null && lastDoThis >= queued && lastPreCall >= queued ? lastDoThis - queued : null;
        long? network = lastPreCall is not null && (offer ?? start) is { } reached ? reached - lastPreCall : null;
        long? offerTime = start is not null ? (offer is not null ? start - offer : 0) : null;
        long? handle = start is not null && end is not null ? end - start : null;

        return new TaskTrace
        {
            Task = task,
            ContactId = contact,
            DialogueId = dialogue,
            TaskId = taskId,
            ScriptSelector = selector,
            MrdId = mrd,
            SkillGroupId = skillGroup,
            PrecisionQueueId = pq,
            AgentId = agent,
            LoginId = login,
            Status = status,
            Disposition = disposition,
            Ended = ended,
            PreviousTask = previousTask,
            Data = data,
            Events = events,
            Decisions = decisions,
            AgentStates = agentStates,
            StatusChanges = statuses,
            Steps = steps,
            Timings = new TaskTimings(delay, queue, network, offerTime, handle),
            Flags = flags,
            RonaCount = rona,
        };
    }
}
