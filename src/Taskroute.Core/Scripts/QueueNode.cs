namespace Taskroute.Core.Scripts;

/// <summary>
/// Queues the task to skill groups or to a precision queue, with a priority from 1 (highest) to 10.
/// An available agent is taken at once; otherwise the task waits and the script goes on.
/// </summary>
public sealed class QueueNode : ScriptNode
{
    public const int DefaultPriority = 5;

    public IReadOnlyList<int> SkillGroups { get; init; } = [];
    public int PrecisionQueue { get; init; }
    public int Priority { get; init; } = DefaultPriority;
    public AgentSelection Selection { get; init; } = AgentSelection.LongestAvailable;

    /// <summary>Raise the task's priority by one (toward 1) every this many seconds in queue; 0 never.</summary>
    public int RaisePriorityEverySeconds { get; init; }
}
