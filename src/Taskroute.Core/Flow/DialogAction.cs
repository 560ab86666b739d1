namespace Taskroute.Core.Flow;

/// <summary>What an agent does to a non-voice dialog at the desktop (Finesse's task actions).</summary>
public enum DialogAction : byte
{
    Accept,
    Start,
    Pause,
    Resume,
    WrapUp,
    Close,
    Transfer,
}
