using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// A change of the task's agent's state in the MRD (RESERVED, ACTIVE, NOT_ACTIVE, ...), from an
/// AGENT_EVENT or the router's agent line. <see cref="Inferred"/> when the line was cut before its
/// state and the messages at the same moment told it. <see cref="State"/> is null for a state the
/// flow does not know (a voice state such as TALKING): <see cref="Name"/> is then as the log wrote it.
/// </summary>
public sealed record AgentStateChange(DateTimeOffset At, int AgentId, int LoginId, int MrdId, AgentState? State, bool Inferred, LogComponent Component)
{
    /// <summary>The state's name: <see cref="State"/>'s, or the log's own word for a state it does not know.</summary>
    public string Name { get; init; } = State?.ToString() ?? "";
}
