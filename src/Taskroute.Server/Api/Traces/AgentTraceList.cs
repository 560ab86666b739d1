namespace Taskroute.Server.Api.Traces;

/// <summary>The tasks the router gave an agent within a time window: one line each, with the task's timings and flags.</summary>
public sealed record AgentTraceList(int AgentId, int LoginId, string Name, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AgentTraceList.Item> Tasks)
{
    /// <summary>Whether the window holds reservations past the <c>limit</c>: ask again from the last item's <c>reservedAt</c>.</summary>
    public bool HasMore { get; init; }

    public sealed record Item(int Task, string? TaskId, Guid? ContactId, int? DialogueId, string? ScriptSelector, long? ReservedAt, string? Status,
        int? Disposition, long? AnswerWaitMs, long? HandleMs, IReadOnlyList<string> Flags);

    /// <summary>
    /// One item per time the router reserved this agent for the task within the window (a task that
    /// rang out and came back to the same agent is two), oldest first, each with the task id it had
    /// then. With none inside it (the task was in the window for another reason), one item: the
    /// agent's last reservation before the window's end, else its last.
    /// </summary>
    public static IEnumerable<Item> ItemsOf(TraceResource trace, int agentId, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var reservations = trace.Events.Where(e => e.Message == nameof(Core.Flow.MessageType.DEVICE_TARGET_PRE_CALL_IND)).ToList();
        // The answer wait and handle time are the agent's who kept the task: on the line of a
        // reservation the router made again later (the agent let it ring), they are another's.
        var kept = reservations.LastOrDefault();
        var flags = trace.Flags.Select(f => f.Kind).Distinct().ToList();
        // A ring-out or a reservation never offered is the line's own whose agent it was, from its reservation to the next;
        // how the task ended is said on the line of the agent who kept it, not on every agent's it passed through.
        List<string> FlagsOf(TraceResource.EventResource reservation)
        {
            var at = reservations.IndexOf(reservation);
            var next = at + 1 < reservations.Count ? reservations[at + 1].Time : long.MaxValue;
            // A ring-out comes after its reservation, and the router may reserve the task again in
            // the same millisecond (another agent was free): then it is this line's, not the next one's.
            return [.. trace.Flags.Where(f => f.Kind switch
                {
                    "rona" => f.Time is { } when && when > reservation.Time && when <= next,
                    "reservedNeverOffered" => f.Time is { } when && when >= reservation.Time && when < next,
                    _ => ReferenceEquals(reservation, kept),
                })
                .Select(f => f.Kind).Distinct()];
        }
        var mine = reservations.Where(e => e.AgentId == agentId).ToList();
        var inside = mine.Where(e => e.Time >= from && e.Time <= to).ToList();
        if (inside.Count == 0 && (mine.LastOrDefault(e => e.Time <= to) ?? mine.LastOrDefault()) is { } outside) inside.Add(outside);
        if (inside.Count == 0)
            return [new Item(trace.Task, trace.TaskId, trace.ContactId, trace.DialogueId, trace.ScriptSelector, null, trace.Status, trace.Disposition, null, null, flags)];
        return inside.Select(r => new Item(trace.Task, r.TaskId ?? trace.TaskId, trace.ContactId, trace.DialogueId, trace.ScriptSelector, r.Time,
            trace.Status, trace.Disposition, ReferenceEquals(r, kept) ? trace.Timings.AnswerWaitMs : null, ReferenceEquals(r, kept) ? trace.Timings.HandleMs : null, FlagsOf(r)));
    }
}
