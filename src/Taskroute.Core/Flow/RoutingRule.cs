namespace Taskroute.Core.Flow;

/// <summary>The rule that made a routing decision, recorded on the pre-call so a trace can say why.</summary>
public enum RoutingRule : byte
{
    None,
    LongestAvailableAgent,
    MostSkilledAgent,
    LeastSkilledAgent,
    RoundRobin,
    PreferredAgent,

    /// <summary>An agent freed up and took the best queued task: highest priority, then longest waiting.</summary>
    HighestPriorityLongestWaiting,
}
