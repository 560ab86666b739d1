namespace Taskroute.Server.Api.Traces;

/// <summary>The tasks the router gave an agent within a time window: one line each, with the task's timings and flags.</summary>
public sealed record AgentTraceList(int AgentId, int LoginId, string Name, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AgentTraceList.Item> Tasks)
{
    public sealed record Item(int Task, string? TaskId, Guid? ContactId, int? DialogueId, string? ScriptSelector, long? ReservedAt, string? Status,
        int? Disposition, long? AnswerWaitMs, long? HandleMs, IReadOnlyList<string> Flags);

    /// <summary>
    /// The task as the agent had it: its reservation of this agent and the task id it had then (a
    /// task routed again after a RONA has the next sequence number, and another agent).
    /// </summary>
    public static Item ItemOf(TraceResource trace, int agentId)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var reservation = trace.Events.LastOrDefault(e => e.Message == nameof(Core.Flow.MessageType.DEVICE_TARGET_PRE_CALL_IND) && e.AgentId == agentId);
        return At(trace, reservation?.TaskId, reservation?.Time ?? (trace.Decisions.Count > 0 ? trace.Decisions[^1].Time : null), [.. trace.Flags.Select(f => f.Kind).Distinct()]);
    }

    /// <summary>
    /// One item per time the router reserved this agent for the task within the window (a task that
    /// rang out and came back to the same agent is two), oldest first. With none inside it (the task
    /// was in the window for another reason), one item: the agent's last reservation before the
    /// window's end, not one after it.
    /// </summary>
    public static IEnumerable<Item> ItemsOf(TraceResource trace, int agentId, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var mine = trace.Events.Where(e => e.Message == nameof(Core.Flow.MessageType.DEVICE_TARGET_PRE_CALL_IND) && e.AgentId == agentId).ToList();
        var flags = trace.Flags.Select(f => f.Kind).Distinct().ToList();
        var inside = mine.Where(e => e.Time >= from && e.Time <= to).ToList();
        if (inside.Count > 0) return inside.Select(r => At(trace, r.TaskId, r.Time, flags));
        if (mine.LastOrDefault(e => e.Time <= to) is { } before) return [At(trace, before.TaskId, before.Time, flags)];
        return [ItemOf(trace, agentId)];
    }

    // The task's line as of one reservation: the task id it had then, and when. The answer wait and
    // handle time are the agent who kept the task's: on the line of a reservation the router made
    // again later (the agent let it ring), they are another agent's, and left out.
    private static Item At(TraceResource trace, string? taskId, long? reservedAt, IReadOnlyList<string> flags)
    {
        var last = reservedAt is null || !trace.Events.Any(e => e.Message == nameof(Core.Flow.MessageType.DEVICE_TARGET_PRE_CALL_IND) && e.Time > reservedAt);
        return new(trace.Task, taskId ?? trace.TaskId, trace.ContactId, trace.DialogueId, trace.ScriptSelector, reservedAt,
            trace.Status, trace.Disposition, last ? trace.Timings.AnswerWaitMs : null, last ? trace.Timings.HandleMs : null, flags);
    }
}
