using Taskroute.Core.Flow;

namespace Taskroute.Core.Reporting;

/// <summary>
/// An agent's current state in one MRD and since when (Unix milliseconds): the time not yet counted.
/// <paramref name="ReasonCode"/> is the Not Ready reason code while the state is NOT_READY, else 0.
/// </summary>
public sealed record AgentSpan(int AgentId, int LoginId, int MrdId, AgentState State, long Since, int ReasonCode = 0);
