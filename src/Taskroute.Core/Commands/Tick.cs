namespace Taskroute.Core.Commands;

/// <summary>Time passes: every deadline up to this time fires.</summary>
public sealed record Tick(long Time) : Command(Time);
