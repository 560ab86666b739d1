namespace Taskroute.Core.Flow;

/// <summary>Where a task is in its life, across every module.</summary>
public enum TaskState : byte
{
    Unread,
    Queued,
    Reserved,
    Offered,
    Active,
    Paused,
    WrapUp,
    Ended,
    Cancelled,
    Discarded,
}
