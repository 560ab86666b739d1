namespace Taskroute.Server.Hosting;

/// <summary>A submit came with an idempotency key already used for a different task within the key's window: the caller answers 422.</summary>
public sealed class IdempotencyKeyReusedException(Guid firstContact)
    : Exception($"this Idempotency-Key was used for a different task ({firstContact:D}) within the last 24 hours; send a new key for a new task")
{
    public Guid FirstContact { get; } = firstContact;
}
