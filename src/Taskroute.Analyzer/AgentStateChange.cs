using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// A change of the task's agent's state in the MRD (RESERVED, ACTIVE, NOT_ACTIVE, ...), from an
/// AGENT_EVENT or the router's agent line. <see cref="Inferred"/> when the line was cut before its
/// state and the messages at the same moment told it.
/// </summary>
public sealed record AgentStateChange(DateTimeOffset At, int AgentId, int LoginId, int MrdId, AgentState State, bool Inferred, LogComponent Component);
