namespace Taskroute.Analyzer;

/// <summary>
/// The lines of one file in grep output, kept in the output's store under that file's own name (see
/// <see cref="GrepOutputParser"/>), with contacts of its own as any source has.
/// </summary>
internal sealed class GreppedFileStore(RawStore output) : RawStore
{
    public override long Add(ReadOnlySpan<byte> line, long offsetInSource) => output.Add(line, offsetInSource);

    // Two of the file's lines are parted in the output by the next one's prefix, which a range over
    // both would read back: only lines with nothing but a line end between them share one (as they
    // do in a store that keeps just what it is given).
    public override bool Follows(long end, long position, bool nextLine) => position - end <= 2 && output.Follows(end, position, nextLine);

    public override byte[] Read(long start, long end) => output.Read(start, end);
}
