using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Engine.Snapshots;

/// <summary>
/// Writes a snapshot's payload into one growing array. Numbers are zigzag varints: most are small
/// (indexes, counts, states) and times take six bytes instead of eight, which keeps a snapshot of a
/// busy centre compact. Encoded in place rather than through a stream: the loop waits while a
/// snapshot is written, and a stream's call per byte made it several times slower.
/// </summary>
/// <remarks>
/// A server writes every snapshot into the same writer (<see cref="SnapshotBuffer"/>): a snapshot of
/// a large backlog is tens of megabytes, and a fresh array for each one lands on the large object
/// heap, with its pages faulted in and zeroed.
/// </remarks>
internal sealed class SnapshotWriter(int capacity = 4096)
{
    private byte[] _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(capacity, 256));
    private int _length;

    // The modules share TaskData instances; writing each once keeps them shared after a restore and
    // the snapshot a fraction of the size. Each one written is stamped with this snapshot's number
    // and its index in it (TaskData.SnapshotStamp): a set of hundreds of thousands of references
    // took a third of a large snapshot's time in lookups that missed the cache.
    private int _epoch = NextEpoch();
    private int _dataCount;
    private static int s_lastEpoch;

    /// <summary>How many distinct task data were written.</summary>
    public int TaskDataCount => _dataCount;

    // Never 0, the stamp of data no snapshot has written.
    private static int NextEpoch()
    {
        int epoch;
        do epoch = Interlocked.Increment(ref s_lastEpoch);
        while (epoch == 0);
        return epoch;
    }

    public int Length => _length;

    /// <summary>The bytes held, written or not.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Everything written since the last <see cref="Reset"/>.</summary>
    public Memory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Starts over, keeping the memory for the next snapshot.</summary>
    public void Reset()
    {
        _length = 0;
        ForgetTaskData();
    }

    /// <summary>Starts numbering task data afresh: each is written again, in full, the next time it is met.</summary>
    public void ForgetTaskData()
    {
        _epoch = NextEpoch();
        _dataCount = 0;
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length) Grow(bytes);
        return _buffer.AsSpan(_length, bytes);
    }

    /// <summary>
    /// Makes room for <paramref name="capacity"/> bytes and touches every page of it, so a snapshot
    /// written later finds its memory ready: run on another thread, it spares the writer loop the
    /// copies of a doubling buffer and the page faults of fresh memory (half of a large snapshot's
    /// pause on the benchmark machine, docs/benchmarks.md).
    /// </summary>
    public void Prepare(int capacity)
    {
        if (capacity <= _buffer.Length) return;
        Resize(capacity);
        for (var page = _length; page < _buffer.Length; page += 4096) _buffer[page] = 0;
    }

    private void Grow(int bytes) => Resize((int)Math.Min(Array.MaxLength, Math.Max(2L * _buffer.Length, (long)_length + bytes)));

    private void Resize(int capacity)
    {
        var larger = GC.AllocateUninitializedArray<byte>(capacity);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        _buffer = larger;
    }

    /// <summary>What was written, in an array of its own with <paramref name="trailer"/> zero bytes after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] ToArray(int trailer)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(_length + trailer);
        _buffer.AsSpan(0, _length).CopyTo(bytes);
        bytes.AsSpan(_length).Clear();
        return bytes;
    }

    /// <summary>Adds <paramref name="count"/> zero bytes.</summary>
    public void Zeros(int count)
    {
        Reserve(count).Clear();
        _length += count;
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    public void Byte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int(int value) => Unsigned(((uint)value << 1) ^ (uint)(value >> 31));

    public void Long(long value) => Unsigned(((ulong)value << 1) ^ (ulong)(value >> 63));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Unsigned(ulong value)
    {
        var span = Reserve(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _length += i;
    }

    public void Guid(Guid value)
    {
        value.TryWriteBytes(Reserve(16));
        _length += 16;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void String(string? value)
    {
        if (value is null)
        {
            Int(-1);
            return;
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        Int(bytes);
        Encoding.UTF8.GetBytes(value, Reserve(bytes));
        _length += bytes;
    }

    /// <summary>Fills in a little-endian length written earlier as four zero bytes.</summary>
    public void PatchInt32(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(at), value);

    public void TaskId(IcmTaskId id)
    {
        Int(id.Day);
        Int(id.Key);
        Int(id.Sequence);
    }

    /// <summary>A reference to task data: its number, followed by its fields the first time it is seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Data(TaskData? data)
    {
        if (data is null)
        {
            Int(-1);
            return;
        }
        // One 64-bit read and write, so a writer on another thread (another engine sharing the data)
        // can only make this one write the data twice, never read an index that is not its own.
        var stamp = Volatile.Read(ref data.SnapshotStamp);
        if ((int)(stamp >> 32) == _epoch)
        {
            Int((int)stamp);
            return;
        }
        var index = _dataCount++;
        Volatile.Write(ref data.SnapshotStamp, ((long)_epoch << 32) | (uint)index);
        Int(index);
        Guid(data.ContactId);
        Int(data.FeedId);
        String(data.Name);
        String(data.Title);
        String(data.Description);
        String(data.ScriptSelector);
        String(data.MediaType);
        Bool(data.RequeueOnRecovery);
        Int(data.CallVariables.Count);
        foreach (var v in data.CallVariables) String(v);
        Int(data.EccVariables.Count);
        foreach (var (name, value) in data.EccVariables)
        {
            String(name);
            String(value);
        }
        Int(data.Tags.Count);
        foreach (var tag in data.Tags) String(tag);
        Int(data.Priority);
        Int(data.PreferredAgentId);
        TaskId(data.PreviousTask);
    }
}
