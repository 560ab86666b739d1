using Taskroute.Core.Flow;

namespace Taskroute.Core.Tracing;

/// <summary>
/// A routing decision on the task: when the router reserved an agent, by which rule, among how many
/// candidates, from which skill group or precision queue.
/// </summary>
public sealed record RoutingDecision(long Time, RoutingRule Rule, int Candidates, int SkillGroupId, int PrecisionQueueId, int AgentId, int MrdId, string? Detail);
