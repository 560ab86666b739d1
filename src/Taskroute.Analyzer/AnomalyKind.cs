namespace Taskroute.Analyzer;

/// <summary>
/// What the analysis points out about a task. Those a trace also points out have its flags' names
/// (<see cref="Core.Tracing.TraceFlagKind"/>), so that <c>--json</c> and <c>GET /api/v1/traces</c> name them
/// alike; the rest only logs can show.
/// </summary>
public enum AnomalyKind
{
    /// <summary>One of the seed's nine steps is not in the logs although a later one is, or the task ended.</summary>
    MissingStep,

    /// <summary>Redirection on no answer: the reserved agent did not start the task and it went back to the queue.</summary>
    Rona,

    /// <summary>An agent was reserved but the task was neither offered nor started before the reservation ended.</summary>
    ReservedNeverOffered,

    /// <summary>The application cancelled the task, or it expired, while it waited in the queue.</summary>
    AbandonedInQueue,

    /// <summary>The task was cancelled, or ended by the desktop, while an agent was reserved for it or had it offered, before the agent started it.</summary>
    AbandonedWhileOffered,

    /// <summary>The task was refused or dropped with a reason (an unknown script selector, a script that rejects it, a full queue).</summary>
    Discarded,

    /// <summary>A CTI message could not be decoded whole (the seed's <c>Decode string length error</c>).</summary>
    DecodeError,

    /// <summary>A FAILURE_RESP or an error code on the task.</summary>
    Failure,

    /// <summary>Nothing was logged about the task for longer than <see cref="AnalyzerOptions.LongGap"/>.</summary>
    LongGap,

    /// <summary>The logs end before the task does.</summary>
    NotEnded,

    /// <summary>A timing came out below zero: it crosses two servers whose clocks differ, and is left unknown.</summary>
    ClockSkew,
}
