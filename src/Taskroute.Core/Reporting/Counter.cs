namespace Taskroute.Core.Reporting;

/// <summary>
/// What an interval row counts. One list, so that storage columns, CSV headers and JSON names all
/// follow it. Times are milliseconds. Agent state times are kept for agent and MRD rows only.
/// </summary>
public enum Counter
{
    /// <summary>Tasks that arrived (MRD, script selector) or were first queued or routed to the skill group or precision queue.</summary>
    Offered,

    /// <summary>Reservations made: tasks routed to an agent (a RONA's second routing counts again).</summary>
    Routed,

    /// <summary>Tasks an agent started.</summary>
    Answered,

    /// <summary>Started tasks that ended.</summary>
    Handled,
    AbandonedInQueue,
    AbandonedWhileOffered,

    /// <summary>Tasks refused with a reason: unknown script selector, full queue, nothing to route to.</summary>
    Discarded,
    Rona,

    /// <summary>Tasks an agent transferred on, to another script selector.</summary>
    Transferred,

    /// <summary>Tasks whose service level outcome fell in the interval: answered, abandoned, or still waiting when the threshold passed.</summary>
    ServiceLevelOffered,
    ServiceLevelAnswered,
    ServiceLevelAbandoned,

    /// <summary>Sum of answer waits (router receipt to start) of the tasks answered.</summary>
    AnswerWaitMs,

    /// <summary>Tasks that left the queue (routed or abandoned), and their summed and longest time in it.</summary>
    QueueLeft,
    QueueTimeMs,
    LongestQueueMs,

    /// <summary>Sum of handle times (start to end) of the tasks handled.</summary>
    HandleTimeMs,
    LoggedInMs,
    NotReadyMs,

    /// <summary>Ready with no task (CTI's NOT_ACTIVE in a non-voice MRD).</summary>
    AvailableMs,
    ReservedMs,
    ActiveMs,
    PausedMs,
    InterruptedMs,

    /// <summary>Wrap-up.</summary>
    WorkMs,
}
