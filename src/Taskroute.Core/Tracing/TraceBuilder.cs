using Taskroute.Core.Flow;

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
        ArgumentNullException.ThrowIfNull(records);
        var reader = new TraceReader(task);
        foreach (var record in records) reader.Read(record);
        return reader.ToTrace();
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
        var reader = new TraceReader(task, events);
        foreach (var e in events) reader.Observe(in e);
        return reader.ToTrace();
    }
}
