namespace Taskroute.Core.Flow;

/// <summary>An agent's state in one media routing domain; numbers are CTI's AgentState values.</summary>
public enum AgentState : byte
{
    LOGIN = 0,
    LOGOUT = 1,
    NOT_READY = 2,
    RESERVED = 8,
    ACTIVE = 11,
    PAUSED = 12,
    INTERRUPTED = 13,
    NOT_ACTIVE = 14,

    /// <summary>Wrap-up on a task (CTI's WORK_READY, shown as WORK by Finesse).</summary>
    WORK = 6,
}
