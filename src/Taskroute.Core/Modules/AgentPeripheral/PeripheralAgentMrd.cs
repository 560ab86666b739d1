using Taskroute.Core.Flow;

namespace Taskroute.Core.Modules.AgentPeripheral;

/// <summary>An agent's state in one MRD as the Agent PG keeps it, and what was last told about it.</summary>
internal sealed class PeripheralAgentMrd
{
    public bool LoggedIn;
    public bool Ready;
    public int ReasonCode;
    public bool Routable;
    public int MaxTaskLimit;
    public InterruptAction InterruptAction;
    public DialogLogoutAction DialogLogoutAction;
    public readonly List<AgentTask> Tasks = [];
    public long StateChangedAt;

    // What the last AGENT_EVENT said, so only changes are sent.
    public bool Published;
    public AgentState PublishedState = AgentState.LOGOUT;
    public int PublishedReason;
    public int PublishedNumTasks;
    public int PublishedMax;
    public bool PublishedRoutable;
    public AgentAvailability PublishedAvailability;

    // What the router was last told.
    public bool RouterLoggedIn;
    public AgentAvailability RouterEligibility;
    public int RouterMax;
}
