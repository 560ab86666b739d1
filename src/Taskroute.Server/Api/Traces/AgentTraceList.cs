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
    /// rang out and came back to the same agent is two), oldest first; one item when none is seen.
    /// </summary>
    public static IEnumerable<Item> ItemsOf(TraceResource trace, int agentId, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var reservations = trace.Events.Where(e => e.Message == nameof(Core.Flow.MessageType.DEVICE_TARGET_PRE_CALL_IND) && e.AgentId == agentId && e.Time >= from && e.Time <= to).ToList();
        if (reservations.Count <= 1) return [ItemOf(trace, agentId)];
        var flags = trace.Flags.Select(f => f.Kind).Distinct().ToList();
        return reservations.Select(r => At(trace, r.TaskId, r.Time, flags));
    }

    // The task's line as of one reservation: the task id it had then, and when.
    private static Item At(TraceResource trace, string? taskId, long? reservedAt, IReadOnlyList<string> flags) =>
        new(trace.Task, taskId ?? trace.TaskId, trace.ContactId, trace.DialogueId, trace.ScriptSelector, reservedAt,
            trace.Status, trace.Disposition, trace.Timings.AnswerWaitMs, trace.Timings.HandleMs, flags);
}
