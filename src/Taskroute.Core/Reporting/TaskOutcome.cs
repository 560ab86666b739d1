namespace Taskroute.Core.Reporting;

/// <summary>How a task ended, as the reports count it.</summary>
public enum TaskOutcome : byte
{
    /// <summary>An agent started it (it may have been transferred on afterwards).</summary>
    Handled,

    /// <summary>Cancelled, or ended by a timer, while it waited for an agent.</summary>
    AbandonedInQueue,

    /// <summary>Cancelled, or ended by a timer, while an agent was reserved for it or had it offered.</summary>
    AbandonedWhileOffered,

    /// <summary>Refused with a reason before reaching an agent: unknown script selector, full queue, nothing to route to.</summary>
    Discarded,
}
