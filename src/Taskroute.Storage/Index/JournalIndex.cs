using Taskroute.Core.Flow;

namespace Taskroute.Storage.Index;

/// <summary>
/// What a record adds to the journal's indexes: the outside ids its events give a task for the first
/// time, and the agents the router reserved. Only the messages that introduce an id are looked at,
/// so a task's later records (start, end) cost the index nothing.
/// </summary>
public static class JournalIndex
{
    /// <summary>The (key, task) pairs a record's events introduce, without repeats within the record.</summary>
    public static List<(TaskKey Key, int Task)> Keys(ReadOnlySpan<FlowEvent> events)
    {
        var keys = new List<(TaskKey, int)>(4);
        Keys(events, keys);
        return keys;
    }

    /// <summary>As <see cref="Keys(ReadOnlySpan{FlowEvent})"/>, into a list the caller reuses (emptied first).</summary>
    public static void Keys(ReadOnlySpan<FlowEvent> events, List<(TaskKey Key, int Task)> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        keys.Clear();
        foreach (ref readonly var e in events)
        {
            if (e.Task == 0) continue;
            switch (e.Message)
            {
                // NEW_TASK rather than the contact's creation: a transfer is a new task of the same contact.
                case MessageType.NEW_TASK when e.ContactId != Guid.Empty:
                    Add(keys, TaskKey.ForContact(e.ContactId), e.Task);
                    break;
                case MessageType.NEW_CALL when e.DialogueId != 0:
                    Add(keys, TaskKey.ForDialogue(e.DialogueId), e.Task);
                    break;
                case MessageType.QUEUED_TASK_EVENT or MessageType.DEVICE_TARGET_PRE_CALL_IND or MessageType.ROUTE_END
                    when e.From == Module.Router && !e.TaskId.IsNone && e.TaskId != default:
                    Add(keys, TaskKey.ForTaskId(e.TaskId), e.Task);
                    break;
            }
        }
    }

    /// <summary>The agents the router reserved in a record (DEVICE_TARGET_PRE_CALL_IND), with their tasks.</summary>
    public static List<(int AgentId, long Time, int Task)> Reservations(ReadOnlySpan<FlowEvent> events)
    {
        var reserved = new List<(int, long, int)>(1);
        Reservations(events, reserved);
        return reserved;
    }

    /// <summary>As <see cref="Reservations(ReadOnlySpan{FlowEvent})"/>, into a list the caller reuses (emptied first).</summary>
    public static void Reservations(ReadOnlySpan<FlowEvent> events, List<(int AgentId, long Time, int Task)> reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        reserved.Clear();
        foreach (ref readonly var e in events)
            if (e.Message == MessageType.DEVICE_TARGET_PRE_CALL_IND && e.AgentId != 0 && e.Task != 0) reserved.Add((e.AgentId, e.Time, e.Task));
    }

    private static void Add(List<(TaskKey Key, int Task)> keys, TaskKey key, int task)
    {
        foreach (var (k, t) in keys)
            if (k == key && t == task) return;
        keys.Add((key, task));
    }
}
