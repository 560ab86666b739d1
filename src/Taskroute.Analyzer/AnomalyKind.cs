namespace Taskroute.Analyzer;

/// <summary>What the analysis points out about a task.</summary>
public enum AnomalyKind
{
    /// <summary>One of the seed's nine steps is not in the logs although a later one is, or the task ended.</summary>
    MissingStep,

    /// <summary>Redirection on no answer: the reserved agent did not start the task and it went back to the queue.</summary>
    Rona,

    /// <summary>An agent was reserved but the task was neither offered nor started before the reservation ended.</summary>
    ReservedNeverOffered,

    /// <summary>The task was cancelled, abandoned or discarded before an agent started it.</summary>
    Abandoned,

    /// <summary>A CTI message could not be decoded whole (the seed's <c>Decode string length error</c>).</summary>
    DecodeError,

    /// <summary>A FAILURE_RESP or an error code on the task.</summary>
    Failure,

    /// <summary>Nothing was logged about the task for longer than <see cref="AnalyzerOptions.LongGap"/>.</summary>
    LongGap,

    /// <summary>The logs end before the task does.</summary>
    NeverEnded,

    /// <summary>A timing came out below zero: it crosses two servers whose clocks differ, and is left unknown.</summary>
    ClockSkew,
}
