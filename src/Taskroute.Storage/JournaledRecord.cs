using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>A journal record read back for a trace: its sequence, time and every event it holds, decoded.</summary>
public sealed record JournaledRecord(long Sequence, long Time, FlowEvent[] Events);
