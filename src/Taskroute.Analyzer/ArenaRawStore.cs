using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Keeps the lines of a source's events in large blocks of memory, each line followed by a line end,
/// for sources that cannot be read again cheaply (archive entries, text in memory).
/// </summary>
internal sealed class ArenaRawStore : RawStore
{
    private const int BlockBits = 20;
    private const int BlockSize = 1 << BlockBits;
    private readonly List<byte[]> _blocks = [];
    private int _used = BlockSize;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override long Add(ReadOnlySpan<byte> line, long offsetInSource)
    {
        if (line.Length + 1 > BlockSize - _used)
        {
            _blocks.Add(new byte[BlockSize]); // lines are at most ByteLineReader.MaxLine long
            _used = 0;
        }
        var block = _blocks[^1];
        var position = ((long)(_blocks.Count - 1) << BlockBits) + _used;
        line.CopyTo(block.AsSpan(_used));
        block[_used + line.Length] = (byte)'\n';
        _used += line.Length + 1;
        return position;
    }

    // Both in one block, and only the line end between them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Follows(long end, long position, bool nextLine) =>
        position == end + 1 && end >> BlockBits == position >> BlockBits;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override byte[] Read(long start, long end)
    {
        var block = _blocks[(int)(start >> BlockBits)];
        var from = (int)(start & (BlockSize - 1));
        return block.AsSpan(from, (int)(end - start)).ToArray();
    }
}
