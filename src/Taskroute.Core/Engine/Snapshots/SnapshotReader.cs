using System.Runtime.CompilerServices;
using System.Text;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Engine.Snapshots;

/// <summary>
/// Reads what <see cref="SnapshotWriter"/> wrote, straight from the array. Every count is checked
/// against the bytes left, so a bad snapshot fails instead of allocating without bound.
/// </summary>
internal sealed class SnapshotReader(byte[] buffer, int offset, int length)
{
    private readonly int _end = offset + length;
    private int _position = offset;
    private readonly List<TaskData> _data = [];

    private int Remaining => _end - _position;

    public bool AtEnd => Remaining == 0;

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (bytes > Remaining) throw new SnapshotException($"the snapshot ends {bytes - Remaining} bytes early");
        var span = buffer.AsSpan(_position, bytes);
        _position += bytes;
        return span;
    }

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new SnapshotException($"{b} is not a boolean"),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong Unsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new SnapshotException("a number runs past ten bytes");
    }

    public int Int()
    {
        var raw = Unsigned();
        if (raw > uint.MaxValue) throw new SnapshotException($"{raw} is too large for a 32-bit number");
        return (int)((uint)raw >> 1) ^ -(int)((uint)raw & 1);
    }

    public long Long()
    {
        var raw = Unsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>A count of items each at least <paramref name="minBytes"/> long.</summary>
    public int Count(int minBytes = 1)
    {
        var n = Int();
        if (n < 0 || (long)n * minBytes > Remaining) throw new SnapshotException($"a count of {n} does not fit in the {Remaining} bytes left");
        return n;
    }

    /// <summary>An index into something of <paramref name="size"/> items.</summary>
    public int Index(int size)
    {
        var i = Int();
        if ((uint)i >= (uint)size) throw new SnapshotException($"index {i} is outside 0..{size - 1}");
        return i;
    }

    public T Enum<T>() where T : unmanaged, Enum
    {
        var value = Int();
        // Without boxing: restores read an enum or two for every task.
        var fits = Unsafe.SizeOf<T>() switch
        {
            1 => (byte)value == value,
            2 => (short)value == value,
            _ => true,
        };
        var e = Unsafe.SizeOf<T>() switch
        {
            1 => Unsafe.BitCast<byte, T>((byte)value),
            2 => Unsafe.BitCast<short, T>((short)value),
            4 => Unsafe.BitCast<int, T>(value),
            _ => throw new SnapshotException($"{typeof(T).Name} is not stored as a number of up to four bytes"),
        };
        if (!fits || !System.Enum.IsDefined(e)) throw new SnapshotException($"{value} is not a {typeof(T).Name}");
        return e;
    }

    public Guid Guid() => new(Take(16));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? String()
    {
        var n = Int();
        if (n == -1) return null;
        if (n < 0) throw new SnapshotException($"a string of {n} bytes");
        return Encoding.UTF8.GetString(Take(n));
    }

    public string RequiredString() => String() ?? throw new SnapshotException("a required string is missing");

    public IcmTaskId TaskId() => new(Int(), Int(), Int());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TaskData? Data()
    {
        var index = Int();
        if (index == -1) return null;
        if (index < _data.Count && index >= 0) return _data[index];
        if (index != _data.Count) throw new SnapshotException($"task data {index} out of order");
        var contact = Guid();
        var feed = Int();
        var name = RequiredString();
        var title = RequiredString();
        var description = String();
        var selector = RequiredString();
        var mediaType = String();
        var requeue = Bool();
        var callVariables = new string?[Count()];
        for (var i = 0; i < callVariables.Length; i++) callVariables[i] = String();
        var ecc = new KeyValuePair<string, string>[Count()];
        for (var i = 0; i < ecc.Length; i++) ecc[i] = new(RequiredString(), String()!);
        var tags = new string[Count()];
        for (var i = 0; i < tags.Length; i++) tags[i] = RequiredString();
        var data = new TaskData
        {
            ContactId = contact, FeedId = feed, Name = name, Title = title, Description = description, ScriptSelector = selector,
            MediaType = mediaType, RequeueOnRecovery = requeue, CallVariables = callVariables, EccVariables = ecc, Tags = tags,
            Priority = Int(), PreferredAgentId = Int(), PreviousTask = TaskId(),
        };
        _data.Add(data);
        return data;
    }

    public TaskData RequiredData() => Data() ?? throw new SnapshotException("task data is missing");
}
