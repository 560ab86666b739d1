using Taskroute.Core.Flow;

namespace Taskroute.Core.Reporting;

/// <summary>An agent's current state in one MRD and since when (Unix milliseconds): the time not yet counted.</summary>
public sealed record AgentSpan(int AgentId, int LoginId, int MrdId, AgentState State, long Since);
