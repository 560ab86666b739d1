namespace Taskroute.Cluster;

/// <summary>
/// What a domain said to a command: CCE's status name, why it refused, and the task it made or
/// acted on; for a submit, its contact, and whether an idempotency key's earlier submit answered it;
/// for an agent's media change or dialog step, the agent or dialog after it as the agent API's JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("Taskroute.DomainAnswer")]
public sealed record DomainAnswer([property: Id(0)] string Status, [property: Id(1)] string? Detail, [property: Id(2)] int Task,
    [property: Id(3)] Guid Contact = default, [property: Id(4)] bool Replayed = false, [property: Id(5)] string? Resource = null)
{
    /// <summary>The status of a submit whose idempotency key an earlier, different submit used.</summary>
    public const string KeyReused = "IdempotencyKeyReused";

    /// <summary>The status of a cancel refused because the task changed since the version the client named.</summary>
    public const string Changed = "TaskChanged";

    /// <summary>The status of a submit whose MRD's queue is at its max tasks in queue (counting the tasks still in their scripts): the client may retry later.</summary>
    public const string QueueFull = "QueueFull";

    /// <summary>The status a front end gives a submit whose domain it could not reach in time (moving, or its database away).</summary>
    public const string Unavailable = "DomainUnavailable";

    public bool Succeeded => Status == "Success";
}
