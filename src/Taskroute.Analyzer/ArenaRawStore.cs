using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Taskroute.Analyzer;

/// <summary>
/// Keeps the lines of a source's events in large blocks, each line followed by a line end, for
/// sources that cannot be read again cheaply (archive entries, text in memory). The newest few
/// blocks stay in memory; older ones go to a temporary file of the store's own, deleted when the
/// store is let go of, so that an archive of any size holds a few megabytes of its lines.
/// </summary>
internal sealed class ArenaRawStore : RawStore
{
    private const int BlockBits = 20;
    private const int BlockSize = 1 << BlockBits;

    // Blocks in memory, newest included; the older ones are on disk, each at its own place in the file.
    internal const int BlocksInMemory = 4;

    // A block's place: in memory while its slot holds it, in the file once its slot is null. The
    // slots grow by copying into a new array, so a reader on another thread holding the old one still
    // finds every block added before it.
    private byte[]?[] _blocks = new byte[]?[16];
    private int _count;
    private readonly int _inMemory;
    private int _used = BlockSize;
    private int _oldestInMemory;
    private SafeFileHandle? _spill;

    public ArenaRawStore(int blocksInMemory = BlocksInMemory) => _inMemory = Math.Max(1, blocksInMemory);

    /// <summary>Blocks written out to the temporary file so far.</summary>
    internal int BlocksOnDisk => _oldestInMemory;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override long Add(ReadOnlySpan<byte> line, long offsetInSource)
    {
        if (line.Length + 1 > BlockSize - _used)
        {
            if (_count - _oldestInMemory >= _inMemory) SpillOldest();
            if (_count == _blocks.Length)
            {
                var grown = new byte[]?[_blocks.Length * 2];
                Array.Copy(_blocks, grown, _count);
                _blocks = grown;
            }
            _blocks[_count++] = new byte[BlockSize]; // lines are at most ByteLineReader.MaxLine long
            _used = 0;
        }
        var block = _blocks[_count - 1]!;
        var position = ((long)(_count - 1) << BlockBits) + _used;
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
        var index = (int)(start >> BlockBits);
        var from = (int)(start & (BlockSize - 1));
        // A block seen here stays whole even if it is written out meanwhile; one already written
        // out was written before its slot was emptied.
        if (Volatile.Read(ref _blocks[index]) is { } block) return block.AsSpan(from, (int)(end - start)).ToArray();
        var bytes = new byte[end - start];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(_spill!, bytes.AsSpan(read), start + read);
            if (n <= 0) break;
            read += n;
        }
        return read == bytes.Length ? bytes : bytes[..read];
    }

    private void SpillOldest()
    {
        _spill ??= File.OpenHandle(Path.Combine(Path.GetTempPath(), $"taskroute-analyze-{Guid.NewGuid():N}.lines"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        var index = _oldestInMemory++;
        RandomAccess.Write(_spill, _blocks[index], (long)index << BlockBits);
        Volatile.Write(ref _blocks[index], null);
    }
}
