using Taskroute.Core.Flow;

namespace Taskroute.Core.Tracing;

/// <summary>A change of the chosen agent's state in the task's MRD that the task caused (AGENT_EVENT).</summary>
public sealed record TraceAgentState(long Time, int AgentId, int LoginId, int MrdId, AgentState State, int NumTasks, int MaxTaskLimit);
