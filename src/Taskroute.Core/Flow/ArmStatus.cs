namespace Taskroute.Core.Flow;

/// <summary>
/// Why a command was refused. Numbers are CCE's ARM status codes (as Finesse surfaces them) where
/// one exists; the others are Taskroute's own and start at 1000.
/// </summary>
public enum ArmStatus : short
{
    Success = 0,
    AgentAlreadyLoggedIn = 1,
    AgentNotFound = 2,
    MrdNotFound = 3,
    AgentNotLoggedIn = 6,
    TaskNotFound = 18,
    InvalidMessageSequence = 19,
    InconsistentMrdIds = 20,
    InconsistentAgentIds = 22,
    NotValidAfterInterruptAdvisoryAccept = 30,
    SkillGroupNotFound = 32,
    PerformanceLimitExceeded = 34,

    InvalidArgument = 1000,
    ContactNotFound = 1001,
    ContactNotCancellable = 1002,
    ScriptSelectorNotFound = 1003,
    TaskFeedNotFound = 1004,
    DuplicateContact = 1005,

    /// <summary>The queue the command would put a task in is at its MRD's max tasks in queue; nothing changed.</summary>
    QueueFull = 1006,
}
