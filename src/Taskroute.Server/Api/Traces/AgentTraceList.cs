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
        var reservation = trace.Events.LastOrDefault(e => e.Message == nameof(Core.Flow.MessageType.DEVICE_TARGET_PRE_CALL_IND) && e.AgentId == agentId);
        return new(trace.Task, reservation?.TaskId ?? trace.TaskId, trace.ContactId, trace.DialogueId, trace.ScriptSelector,
            reservation?.Time ?? (trace.Decisions.Count > 0 ? trace.Decisions[^1].Time : null), trace.Status, trace.Disposition, trace.Timings.AnswerWaitMs, trace.Timings.HandleMs,
            [.. trace.Flags.Select(f => f.Kind).Distinct()]);
    }
}
