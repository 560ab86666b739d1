namespace Taskroute.Server.Hosting;

/// <summary>A submit found its MRD's queue at its max tasks in queue, checked on the loop itself: the caller answers 429.</summary>
public sealed class QueueFullException(int mrdId, int limit)
    : Exception($"MRD {mrdId} is at its max tasks in queue ({limit}, counting tasks still in their scripts on the way to it)")
{
    public int MrdId { get; } = mrdId;
}
