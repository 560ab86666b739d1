namespace Taskroute.Core.Scripts;

/// <summary>How a queue node picks among several available agents.</summary>
public enum AgentSelection
{
    LongestAvailable,
    MostSkilled,
    LeastSkilled,
    RoundRobin,
}
