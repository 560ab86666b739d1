namespace Taskroute.Core.Commands;

/// <summary>An agent goes ready, or not ready with a reason code, in an MRD.</summary>
public sealed record SetReady(long Time, int Agent, int MrdId, bool Ready = true, int ReasonCode = 0) : Command(Time);
