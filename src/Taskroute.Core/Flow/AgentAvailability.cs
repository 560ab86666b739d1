namespace Taskroute.Core.Flow;

/// <summary>CTI's AgentAvailabilityStatus: whether the router may route to an agent in an MRD.</summary>
public enum AgentAvailability : byte
{
    NotAvailable = 0,
    IcmAvailable = 1,
    ApplicationAvailable = 2,
}
