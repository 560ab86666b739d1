namespace Taskroute.Core.Tracing;

/// <summary>
/// A task's timings as CCE's reporting defines them, in milliseconds; null where the task has not
/// (yet) reached the step that ends the span. Answer wait is the sum of the first four, so it is
/// the time from the router receiving the task to the agent starting it.
/// </summary>
public sealed record TaskTimings(long? Delay, long? Queue, long? Network, long? Offer, long? Handle)
{
    /// <summary>Delay + queue + network + offer: the customer's wait for an agent.</summary>
    public long? AnswerWait => Delay + Queue + Network + Offer;
}
