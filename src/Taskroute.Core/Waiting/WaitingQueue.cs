namespace Taskroute.Core.Waiting;

/// <summary>
/// A queue a task waits in, as the router holds it: a skill group (<see cref="SkillGroupId"/>) or a
/// precision queue (<see cref="PrecisionQueueId"/>), and how many tasks its agents take before this one.
/// </summary>
public readonly record struct WaitingQueue(int SkillGroupId, int PrecisionQueueId, int Ahead);
