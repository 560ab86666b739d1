namespace Taskroute.Core.Modules.Router;

/// <summary>
/// Something a task can be queued to: a skill group, or one step of a precision queue. It knows its
/// members, its available agents, and its waiting tasks.
/// </summary>
internal sealed class RoutingTarget
{
    public int Index;
    public int MrdIndex;
    public int SkillGroupId;
    public int PrecisionQueueId;

    /// <summary>The precision queue step (0-based), or -1 for a skill group.</summary>
    public int Step = -1;

    public AgentLink[] Members = [];
    public int LoggedOn;
    public int RoundRobinCursor;
    public readonly AvailableAgents Available = new();
    public readonly TargetQueue Queue = new();
}
