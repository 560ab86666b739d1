namespace Taskroute.Server.Tracing;

/// <summary>The trace index is still catching up with the journal (after a restart on a large one): try again shortly.</summary>
public sealed class TraceIndexBehindException(long indexed, long journaled)
    : Exception($"the trace index is catching up with the journal (record {indexed:N0} of {journaled:N0}); try again in a moment")
{
    public long Indexed { get; } = indexed;
    public long Journaled { get; } = journaled;
}
