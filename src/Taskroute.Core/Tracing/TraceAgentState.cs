using Taskroute.Core.Flow;

namespace Taskroute.Core.Tracing;

/// <summary>
/// A change of the chosen agent's state in the task's MRD that the task caused (AGENT_EVENT).
/// <paramref name="Routable"/> is false after a ring-out made the agent not routable, which is what
/// an engineer looks for after a RONA.
/// </summary>
public sealed record TraceAgentState(long Time, int AgentId, int LoginId, int MrdId, AgentState State, int NumTasks, int MaxTaskLimit, bool Routable = true);
