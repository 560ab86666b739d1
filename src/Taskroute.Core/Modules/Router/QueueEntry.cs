namespace Taskroute.Core.Modules.Router;

/// <summary>A call's place in one target's queue: an intrusive list node, pooled so queueing allocates nothing.</summary>
internal sealed class QueueEntry
{
    public RouterCall Call = null!;
    public RoutingTarget Target = null!;
    public QueueEntry? Previous;
    public QueueEntry? Next;
    public int Bucket;
}
