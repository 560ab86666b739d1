namespace Taskroute.Core.Waiting;

/// <summary>
/// One skill group or precision queue as a supervisor's queue statistics show it (Finesse's Queue
/// Statistics gadget): the tasks waiting in it, since when the longest has, and its agents. A task
/// waiting in several queues counts in each; in a precision queue it counts once, whichever steps it
/// reached. A precision queue's agents are those that match any of its steps.
/// </summary>
/// <param name="SkillGroupId">The skill group, or 0 for a precision queue.</param>
/// <param name="PrecisionQueueId">The precision queue, or 0 for a skill group.</param>
/// <param name="MrdId">The MRD the queue belongs to.</param>
/// <param name="Queued">Tasks waiting in the queue.</param>
/// <param name="OldestSince">When the longest-waiting of them took its place in line (Unix milliseconds); null when none waits.</param>
/// <param name="AgentsSignedIn">Members signed in to the queue's MRD.</param>
/// <param name="AgentsAvailable">Members the router could give a task of the queue to now: ready, routable and below their task limit.</param>
public readonly record struct QueueFigures(
    int SkillGroupId, int PrecisionQueueId, int MrdId, int Queued, long? OldestSince, int AgentsSignedIn, int AgentsAvailable);
