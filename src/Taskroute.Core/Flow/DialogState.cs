namespace Taskroute.Core.Flow;

/// <summary>A non-voice dialog's state as the Finesse desktop shows it.</summary>
public enum DialogState : byte
{
    OFFERED,
    ACCEPTED,
    ACTIVE,
    PAUSED,
    WRAPPING_UP,
    INTERRUPTED,
    CLOSED,
}
