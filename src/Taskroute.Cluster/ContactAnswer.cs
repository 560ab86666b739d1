namespace Taskroute.Cluster;

/// <summary>
/// A contact as the Task APIs report it: status, the task id once routed, the agent once reserved
/// (its ICM agent id and login id), and what was submitted, so that a cluster's front end answers the
/// same task resource a single server does.
/// </summary>
[GenerateSerializer, Immutable, Alias("Taskroute.ContactAnswer")]
public sealed record ContactAnswer(
    [property: Id(0)] Guid ContactId,
    [property: Id(1)] string Status,
    [property: Id(2)] int Task,
    [property: Id(3)] string TaskId,
    [property: Id(4)] int AgentId)
{
    [Id(5)] public string? StatusReason { get; init; }
    [Id(6)] public int Disposition { get; init; }
    [Id(7)] public int AgentLoginId { get; init; }
    [Id(8)] public string State { get; init; } = "unknown";
    [Id(9)] public string ScriptSelector { get; init; } = "";
    [Id(10)] public int FeedId { get; init; }
    [Id(11)] public string Name { get; init; } = "";
    [Id(12)] public string Title { get; init; } = "";
    [Id(13)] public long CreatedAt { get; init; }
    [Id(14)] public long StatusChangedAt { get; init; }
    /// <summary>While queued: the estimated wait in seconds, null when unknown (CCP's <c>-1</c>).</summary>
    [Id(15)] public int? EstimatedWaitSeconds { get; init; }
}
