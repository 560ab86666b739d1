namespace Taskroute.Core.Configuration;

/// <summary>
/// How abandoned tasks count in the service level, CCE's three choices (numbered as CCE numbers
/// them). Tasks answered within the threshold always count for; tasks that waited past it always
/// count against.
/// </summary>
public enum ServiceLevelType : byte
{
    /// <summary>Abandons within the threshold are left out of the calculation.</summary>
    IgnoreAbandoned = 1,

    /// <summary>Abandons within the threshold count as not meeting the service level.</summary>
    AbandonedNegative = 2,

    /// <summary>Abandons within the threshold count as meeting the service level.</summary>
    AbandonedPositive = 3,
}
