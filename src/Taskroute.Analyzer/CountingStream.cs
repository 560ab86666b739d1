namespace Taskroute.Analyzer;

/// <summary>Counts the bytes read through it, for progress and per-source sizes.</summary>
internal sealed class CountingStream(Stream inner, Action<long>? onRead) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    private int Counted(int read)
    {
        if (read > 0)
        {
            BytesRead += read;
            onRead?.Invoke(read);
        }
        return read;
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
