using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The SocialContact ids one source names, each kept once: its events hold a number into the
/// table rather than the 16-byte id, as a task's contact is on many of its lines. Written by the
/// one thread that reads the source; read by others while it still reads on (an analysis too large
/// to hold takes a source's events a chunk at a time), so ids live in blocks that never move.
/// </summary>
internal sealed class ContactTable
{
    private const int BlockBits = 12;
    private const int BlockSize = 1 << BlockBits;
    private Guid[][] _blocks = [];
    private int _count;
    // Only needed while the source is read: let go of by Done.
    private Dictionary<Guid, int>? _numbers = [];

    /// <summary>The id's number, from 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Number(Guid id)
    {
        _numbers ??= Rebuilt();
        if (_numbers.TryGetValue(id, out var n)) return n;
        var block = _count >> BlockBits;
        if (block == _blocks.Length)
        {
            // A reader holding the old list of blocks still finds every id numbered before it.
            var grown = new Guid[Math.Max(4, _blocks.Length * 2)][];
            Array.Copy(_blocks, grown, _blocks.Length);
            _blocks = grown;
        }
        (_blocks[block] ??= new Guid[BlockSize])[_count & (BlockSize - 1)] = id;
        _count++;
        _numbers[id] = _count;
        return _count;
    }

    public Guid this[int number] => _blocks[(number - 1) >> BlockBits][(number - 1) & (BlockSize - 1)];

    /// <summary>The source has been read: no more ids will come (and if one did, the lookup would be rebuilt).</summary>
    public void Done() => _numbers = null;

    private Dictionary<Guid, int> Rebuilt()
    {
        var numbers = new Dictionary<Guid, int>(_count);
        for (var i = 1; i <= _count; i++) numbers[this[i]] = i;
        return numbers;
    }
}
