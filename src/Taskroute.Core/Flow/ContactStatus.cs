namespace Taskroute.Core.Flow;

/// <summary>A SocialContact's status as CCP reports it.</summary>
public enum ContactStatus : byte
{
    None,
    Unread,
    Queued,
    Reserved,
    Handled,
    Discarded,
    Cancelled,
}
