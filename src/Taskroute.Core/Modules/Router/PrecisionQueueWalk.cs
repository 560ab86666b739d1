using Taskroute.Core.Configuration;

namespace Taskroute.Core.Modules.Router;

/// <summary>
/// One precision queue a router call is queued to: the step it has reached, the priority its queue
/// node gave, and the timer that moves it to the next step. A call keeps one per precision queue and
/// walks them in parallel. A struct in the call's list, so a call reused from the pool allocates none.
/// </summary>
internal struct PrecisionQueueWalk
{
    public PrecisionQueue Queue;
    public int Step;
    public int Priority;
    public long StepTimer;

    /// <summary>When the step's wait ends, set with its timer; kept while the task is at an agent, whose reservation cancels the timer. 0 for none.</summary>
    public long StepDeadline;

    public readonly bool HasNextStep => Step >= 0 && Step < Queue.Steps.Count - 1;
}
