using System.Buffers.Binary;
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
internal sealed class SnapshotWriter(int capacity = 4096)
{
    private byte[] _buffer = new byte[Math.Max(capacity, 256)];
    private int _length;

    // The modules share TaskData instances; writing each once keeps them shared after a restore and
    // the snapshot a fraction of the size.
    private readonly Dictionary<TaskData, int> _data = new(ReferenceEqualityComparer.Instance);

    public int Length => _length;

    /// <summary>What was written; valid until the next write.</summary>
    public Span<byte> Written => _buffer.AsSpan(0, _length);

    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        return _buffer.AsSpan(_length, bytes);
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
    public void Data(TaskData? data)
    {
        if (data is null)
        {
            Int(-1);
            return;
        }
        if (_data.TryGetValue(data, out var index))
        {
            Int(index);
            return;
        }
        index = _data.Count;
        _data.Add(data, index);
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
