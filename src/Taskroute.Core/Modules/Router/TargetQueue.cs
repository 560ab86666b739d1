namespace Taskroute.Core.Modules.Router;

/// <summary>
/// The tasks waiting for one target: ten lists, one per priority (1 highest), each in waiting order.
/// The head is the task an agent of this target takes next.
/// </summary>
internal sealed partial class TargetQueue
{
    private readonly QueueEntry?[] _heads = new QueueEntry?[10];
    private readonly QueueEntry?[] _tails = new QueueEntry?[10];
    private readonly int[] _counts = new int[10];

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
        _counts[bucket]++;
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
        _counts[bucket]--;
        if (entry.Previous is not null) entry.Previous.Next = entry.Next;
        else _heads[bucket] = entry.Next;
        if (entry.Next is not null) entry.Next.Previous = entry.Previous;
        else _tails[bucket] = entry.Previous;
        entry.Previous = entry.Next = null;
        Count--;
    }

    /// <summary>
    /// The tasks an agent of this target takes before the entry's: those of higher priority, and
    /// those before it in its own. Counted from whichever end of its list is nearer, so a task
    /// joining at the tail costs nothing, nor one put back near the head.
    /// </summary>
    public int Ahead(QueueEntry entry)
    {
        var ahead = 0;
        for (var b = 0; b < entry.Bucket; b++) ahead += _counts[b];
        var (back, forward) = (entry.Previous, entry.Next);
        for (var steps = 0; ; steps++)
        {
            if (back is null) return ahead + steps;
            if (forward is null) return ahead + _counts[entry.Bucket] - 1 - steps;
            (back, forward) = (back.Previous, forward.Next);
        }
    }

    /// <summary>Each priority's count against its list, for the engine's invariant checks; null when they agree.</summary>
    public string? CheckCounts()
    {
        var total = 0;
        for (var b = 0; b < _heads.Length; b++)
        {
            var listed = 0;
            for (var entry = _heads[b]; entry is not null; entry = entry.Next) listed++;
            if (listed != _counts[b]) return $"priority {b + 1} counts {_counts[b]}, lists {listed}";
            total += listed;
        }
        return total == Count ? null : $"counts {Count} in all, lists {total}";
    }
}
