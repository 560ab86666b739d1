namespace Taskroute.Cluster;

/// <summary>A contact as the Task API reports it: status, the task id once routed, the agent once reserved.</summary>
[GenerateSerializer, Immutable, Alias("Taskroute.ContactAnswer")]
public sealed record ContactAnswer(
    [property: Id(0)] Guid ContactId,
    [property: Id(1)] string Status,
    [property: Id(2)] int Task,
    [property: Id(3)] string TaskId,
    [property: Id(4)] int AgentId);
