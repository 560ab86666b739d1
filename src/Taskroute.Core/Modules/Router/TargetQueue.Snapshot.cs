namespace Taskroute.Core.Modules.Router;

/// <summary>Access to a target's lists for snapshots: they are written and rebuilt in their exact order.</summary>
internal sealed partial class TargetQueue
{
    public QueueEntry? BucketHead(int bucket) => _heads[bucket];

    /// <summary>Puts the entry last in its bucket, as it stood when the snapshot was taken.</summary>
    public void Restore(QueueEntry entry)
    {
        var bucket = entry.Bucket;
        entry.Previous = _tails[bucket];
        entry.Next = null;
        if (entry.Previous is not null) entry.Previous.Next = entry;
        else _heads[bucket] = entry;
        _tails[bucket] = entry;
        _counts[bucket]++;
        Count++;
    }
}
