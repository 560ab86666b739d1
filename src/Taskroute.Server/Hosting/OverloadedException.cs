namespace Taskroute.Server.Hosting;

/// <summary>The writer loop's intake buffer is full: the caller should answer 503 with Retry-After.</summary>
public sealed class OverloadedException() : Exception("the server is over capacity; retry shortly");
