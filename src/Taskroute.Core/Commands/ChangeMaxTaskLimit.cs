namespace Taskroute.Core.Commands;

public sealed record ChangeMaxTaskLimit(long Time, int Agent, int MrdId, int MaxTaskLimit) : Command(Time);
