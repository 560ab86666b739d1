using Microsoft.Win32.SafeHandles;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads events' lines back from the file they are in, by their offsets. The file is opened on the
/// first read and kept open for the next ones (a report's HTML reads every event's lines); the
/// handle closes when the store, and so the analysis, is no longer used.
/// </summary>
internal sealed class FileRawStore(string path) : RawStore
{
    private SafeFileHandle? _handle;

    public override long Add(ReadOnlySpan<byte> line, long offsetInSource) => offsetInSource;

    // The next line by its number, which RawLines keeps modulo 2^LineBits: a line that many lines
    // further is at least that many bytes further, so the distance tells them apart. (A true next
    // line that far away follows a line cut for its length, whose text ends at the cut anyway.)
    public override bool Follows(long end, long position, bool nextLine) =>
        nextLine && position > end && position - end < 1L << RawLines.LineBits;

    public override byte[] Read(long start, long end)
    {
        var bytes = new byte[end - start];
        try
        {
            var handle = Handle();
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read), start + read);
                if (n <= 0) break;
                read += n;
            }
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The file went away or changed since it was read: the text is lost, not the analysis.
            return [];
        }
    }

    // Reads at an offset need no shared position, so threads may share the one handle.
    private SafeFileHandle Handle()
    {
        if (_handle is { } open) return open;
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var other = Interlocked.CompareExchange(ref _handle, handle, null);
        if (other is null) return handle;
        handle.Dispose();
        return other;
    }
}
