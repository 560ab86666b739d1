namespace Taskroute.Analyzer;

/// <summary>Reads events' lines back from the file they are in, by their offsets.</summary>
internal sealed class FileRawStore(string path) : RawStore
{
    public override long Add(ReadOnlySpan<byte> line, long offsetInSource) => offsetInSource;

    public override bool Follows(long end, long position, bool nextLine) => nextLine;

    public override byte[] Read(long start, long end)
    {
        var bytes = new byte[end - start];
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read), start + read);
                if (n <= 0) break;
                read += n;
            }
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file went away or changed since it was read: the text is lost, not the analysis.
            return [];
        }
    }
}
