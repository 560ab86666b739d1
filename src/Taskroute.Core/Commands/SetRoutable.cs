namespace Taskroute.Core.Commands;

/// <summary>An agent is made routable or not: not routable keeps it ready but out of the router's choices.</summary>
public sealed record SetRoutable(long Time, int Agent, int MrdId, bool Routable) : Command(Time);
