namespace Taskroute.Server.Tracing;

/// <summary>
/// The trace index is still catching up with the journal (after a restart on a large one): try
/// again shortly; or it stopped after a failed write or journal read, and catches up by itself once
/// the cause is mended (it tries every <see cref="TraceIndexer.RetryAfter"/>).
/// </summary>
public sealed class TraceIndexBehindException(long indexed, long journaled, bool stopped = false)
    : Exception(stopped
        ? $"the trace index stopped at record {indexed:N0} of {journaled:N0} after a write or a journal read failed (the server's log says why); it tries again every {TraceIndexer.RetryAfter.TotalSeconds:N0} s and catches up once the cause is mended"
        : $"the trace index is catching up with the journal (record {indexed:N0} of {journaled:N0}); try again in a moment")
{
    public long Indexed { get; } = indexed;
    public long Journaled { get; } = journaled;
    public bool Stopped { get; } = stopped;
}
