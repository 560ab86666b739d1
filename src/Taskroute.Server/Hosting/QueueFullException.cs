namespace Taskroute.Server.Hosting;

/// <summary>A submit found its MRD's queue at its max tasks in queue, checked on the loop itself: the caller answers 429.</summary>
public sealed class QueueFullException(int mrdId, int limit)
    : Exception(Core.Engine.RoutingEngine.QueueFullMessage(mrdId, limit))
{
    public int MrdId { get; } = mrdId;
}
