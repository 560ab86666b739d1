namespace Taskroute.Server.Hosting;

/// <summary>A submit came with an idempotency key already used for a different task within the key's window: the caller answers 422.</summary>
public sealed class IdempotencyKeyReusedException() : Exception(Core.Flow.IdempotencyKeys.ReusedMessage);
