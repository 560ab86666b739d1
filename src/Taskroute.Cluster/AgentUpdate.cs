namespace Taskroute.Cluster;

/// <summary>
/// What an agent's desktop hears from its domain: a state change in an MRD, or a dialog's change
/// (offered, started, ended...), as CCE names the message; and the event a single server's stream
/// sends for it (<see cref="Event"/>, its <see cref="Json"/>), which front ends pass on as they are.
/// </summary>
[GenerateSerializer, Immutable, Alias("Taskroute.AgentUpdate")]
public sealed record AgentUpdate(
    [property: Id(0)] int LoginId,
    [property: Id(1)] string Message,
    [property: Id(2)] int MrdId,
    [property: Id(3)] string State,
    [property: Id(4)] string TaskId,
    [property: Id(5)] int NumTasks,
    [property: Id(6)] long Time,
    [property: Id(7)] string? Event = null,
    [property: Id(8)] string? Json = null);
