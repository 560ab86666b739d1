namespace Taskroute.Core.Commands;

/// <summary>
/// An agent goes ready, or not ready with a reason code, in an MRD. Ready makes the agent routable
/// (Finesse's rule) unless <paramref name="Routable"/> is false: then it is ready but offered nothing
/// until made routable, from the same moment (a routable flag changed after it would come too late:
/// going ready offers queued tasks at once).
/// </summary>
public sealed record SetReady(long Time, int Agent, int MrdId, bool Ready = true, int ReasonCode = 0, bool Routable = true) : Command(Time);
