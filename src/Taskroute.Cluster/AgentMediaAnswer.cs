namespace Taskroute.Cluster;

/// <summary>An agent's state in one MRD.</summary>
[GenerateSerializer, Immutable, Alias("Taskroute.AgentMediaAnswer")]
public sealed record AgentMediaAnswer(
    [property: Id(0)] int MrdId,
    [property: Id(1)] string State,
    [property: Id(2)] int NumTasks,
    [property: Id(3)] int MaxTaskLimit,
    [property: Id(4)] bool Routable);
