namespace Taskroute.Cluster;

/// <summary>
/// What an agent's desktop hears from its domain: a state change in an MRD, or a dialog's change
/// (offered, started, ended...), as CCE names the message; and the event a single server's stream
/// sends for it (<see cref="Event"/>, its <see cref="Json"/>), which front ends pass on as they are.
/// </summary>
/// <remarks>
/// Orleans delivers one-way messages between silos in no set order, so each update carries its
/// place: the activation that made it (<see cref="Epoch"/>, the journal epoch it holds) and its number
/// among that activation's updates for the agent (<see cref="Sequence"/>, from 1, without gaps), by
/// which a listener puts them back in order and notices one missing. A domain of the version before
/// numbers none (0).
/// </remarks>
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
    [property: Id(8)] string? Json = null,
    [property: Id(9)] long Epoch = 0,
    [property: Id(10)] long Sequence = 0,
    [property: Id(11)] bool Moving = false)
{
    /// <summary>
    /// The last an activation sends a listener before it deactivates (<see cref="Moving"/>): no update
    /// for the desktop, but word that the agent's next updates come from another activation.
    /// </summary>
    public static AgentUpdate MovingAway(int loginId, long time, long epoch, long sequence) =>
        new(loginId, "", 0, "", "", 0, time, Epoch: epoch, Sequence: sequence, Moving: true);
}
