namespace Taskroute.Core.Commands;

public sealed record SignOut(long Time, int Agent, int MrdId, int ReasonCode = 0) : Command(Time);
