namespace Taskroute.Core.Modules.Router;

/// <summary>
/// The tasks waiting for one target: ten lists, one per priority (1 highest), each in waiting order.
/// The head is the task an agent of this target takes next.
/// </summary>
internal sealed partial class TargetQueue
{
    private readonly QueueEntry?[] _heads = new QueueEntry?[10];
    private readonly QueueEntry?[] _tails = new QueueEntry?[10];

    public int Count { get; private set; }

    public QueueEntry? Head
    {
        get
        {
            if (Count == 0) return null;
            for (var b = 0; b < 10; b++)
                if (_heads[b] is { } head) return head;
            return null;
        }
    }

    /// <summary>Inserts in waiting order: usually at the tail, further up for a task that waited longer.</summary>
    public void Insert(QueueEntry entry, int priority)
    {
        var bucket = Math.Clamp(priority, 1, 10) - 1;
        entry.Bucket = bucket;
        var key = entry.Call.OrderKey;
        var after = _tails[bucket];
        while (after is not null && after.Call.OrderKey > key) after = after.Previous;
        if (after is null)
        {
            entry.Previous = null;
            entry.Next = _heads[bucket];
            if (entry.Next is not null) entry.Next.Previous = entry;
            else _tails[bucket] = entry;
            _heads[bucket] = entry;
        }
        else
        {
            entry.Previous = after;
            entry.Next = after.Next;
            if (after.Next is not null) after.Next.Previous = entry;
            else _tails[bucket] = entry;
            after.Next = entry;
        }
        Count++;
    }

    public void Remove(QueueEntry entry)
    {
        var bucket = entry.Bucket;
        if (entry.Previous is not null) entry.Previous.Next = entry.Next;
        else _heads[bucket] = entry.Next;
        if (entry.Next is not null) entry.Next.Previous = entry.Previous;
        else _tails[bucket] = entry.Previous;
        entry.Previous = entry.Next = null;
        Count--;
    }
}
