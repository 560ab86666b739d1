namespace Taskroute.Core.Modules.Router;

/// <summary>The router's view of an agent in one MRD, kept from the peripheral's updates and its own reservations.</summary>
internal sealed class RouterAgentMrd
{
    public bool LoggedIn;

    /// <summary>Signed in, ready, routable and not held by a non-interruptible task elsewhere.</summary>
    public bool Eligible;
    public int MaxTaskLimit = 1;

    /// <summary>Tasks the router has reserved on this agent and not yet seen released.</summary>
    public int NumTasks;
    public AgentLink[] Links = [];

    /// <summary>When the agent last became available or took a task here; the smallest is the longest available.</summary>
    public long AvailableOrder;

    public bool Available => Eligible && NumTasks < MaxTaskLimit;
}
