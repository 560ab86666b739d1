namespace Taskroute.Core.Modules.Router;

/// <summary>
/// An agent's membership in one target, made once from the configuration. It doubles as the node
/// of the target's list of available agents, so moving an agent in or out allocates nothing.
/// </summary>
internal sealed class AgentLink(RouterAgent agent, RoutingTarget target, int skill)
{
    public RouterAgent Agent { get; } = agent;
    public RoutingTarget Target { get; } = target;

    /// <summary>How skilled the agent is for this target: its skill level, or the sum of the proficiencies a step tests.</summary>
    public int Skill { get; } = skill;

    public AgentLink? Previous;
    public AgentLink? Next;
    public bool Listed;
}
