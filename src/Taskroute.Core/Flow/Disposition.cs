namespace Taskroute.Core.Flow;

/// <summary>
/// Why a task (or one agent's hold of it) ended. Numbers are CCE's disposition codes for tasks
/// (CTI "Disposition Code Values"); RingNoAnswer is the Termination_Call_Detail code.
/// </summary>
public enum Disposition : short
{
    None = 0,
    RingNoAnswer = 19,
    AbandonedInRouter = 35,
    AbandonedBeforeOffered = 36,
    AbandonedWhileOffered = 37,
    NormalEndTask = 38,
    CantObtainTaskId = 39,
    AgentLoggedOutDuringTask = 40,
    MaxTaskLifetimeExceeded = 41,
    ApplicationPathWentDown = 42,
    IcmRoutingComplete = 43,
    IcmRoutingDisabled = 44,
    InvalidMrdId = 45,
    InvalidDialogueId = 46,
    DuplicateDialogueId = 47,
    InvalidInvokeId = 48,
    InvalidScriptSelector = 49,
    ApplicationTerminateDialogue = 50,
    TaskEndedDuringApplicationInit = 51,
    TaskTransferred = 63,
    ApplicationDisconnected = 64,
    TaskTransferredOnAgentLogout = 65,
}
