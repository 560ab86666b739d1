namespace Taskroute.Core.Commands;

/// <summary>An input to the engine, carrying the time it happened (Unix milliseconds). The core reads no clock.</summary>
public abstract record Command(long Time);
