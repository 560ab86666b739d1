namespace Taskroute.Core.Tracing;

/// <summary>What a trace points out as missing, late or gone wrong.</summary>
public enum TraceFlagKind
{
    /// <summary>An agent was reserved for the task, but the desktop neither offered nor started it before the reservation ended.</summary>
    ReservedNeverOffered,

    /// <summary>Redirection on no answer: the reserved agent did not start the task in time and it went back to the queue.</summary>
    Rona,

    /// <summary>The application cancelled the task, or it expired, while it waited in the queue.</summary>
    AbandonedInQueue,

    /// <summary>The task was cancelled or expired while an agent was reserved for it or had it offered.</summary>
    AbandonedWhileOffered,

    /// <summary>The task was refused or dropped with a reason (an unknown script selector, a full queue, ...).</summary>
    Discarded,

    /// <summary>The task has no end yet: still queued, offered or being handled.</summary>
    NotEnded,

    /// <summary>One of the seed's nine steps is missing although a later one happened or the task was handled.</summary>
    MissingStep,

    /// <summary>
    /// The agent's MRD was interrupted while the task was started: a task of a non-interruptible MRD
    /// held the agent, and this one stood still until it ended.
    /// </summary>
    Interrupted,
}

/// <summary>One thing the trace points out, when it happened (Unix milliseconds), and in words.</summary>
public sealed record TraceFlag(TraceFlagKind Kind, long? Time, string Detail);
