using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.Desktop;

/// <summary>An agent's state in one MRD as the desktop last heard it from the CTI server (Finesse's Media object).</summary>
public sealed class AgentMedia
{
    public int MrdId { get; internal set; }
    public bool LoggedIn => State != AgentState.LOGOUT;
    public AgentState State { get; internal set; } = AgentState.LOGOUT;
    public int ReasonCode { get; internal set; }
    public int NumTasks { get; internal set; }
    public int MaxTaskLimit { get; internal set; }
    public bool Routable { get; internal set; }
    public AgentAvailability Availability { get; internal set; }
    public long StateChangedAt { get; internal set; }

    /// <summary>
    /// NOT_READY when the agent asked for it while holding tasks: it takes effect as the last one
    /// ends (Finesse's pendingState); null otherwise.
    /// </summary>
    public AgentState? PendingState { get; internal set; }

    /// <summary>The reason code of the pending NOT_READY.</summary>
    public int PendingReasonCode { get; internal set; }
}
