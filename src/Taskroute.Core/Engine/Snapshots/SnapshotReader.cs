using System.Text;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Engine.Snapshots;

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote. Every count is checked against the bytes left, so a bad snapshot fails instead of allocating without bound.</summary>
internal sealed class SnapshotReader(byte[] buffer, int offset, int length)
{
    private readonly BinaryReader _in = new(new MemoryStream(buffer, offset, length, writable: false), Encoding.UTF8);
    private readonly List<TaskData> _data = [];

    private long Remaining => _in.BaseStream.Length - _in.BaseStream.Position;

    public bool AtEnd => Remaining == 0;

    public byte Byte() => _in.ReadByte();

    public bool Bool() => _in.ReadBoolean();

    public int Int()
    {
        var raw = (uint)_in.Read7BitEncodedInt();
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    public long Long()
    {
        var raw = (ulong)_in.Read7BitEncodedInt64();
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

    public T Enum<T>() where T : struct, Enum
    {
        var value = Int();
        var e = (T)System.Enum.ToObject(typeof(T), value);
        if (!System.Enum.IsDefined(e)) throw new SnapshotException($"{value} is not a {typeof(T).Name}");
        return e;
    }

    public Guid Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _in.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }

    public string? String()
    {
        var n = Int();
        if (n == -1) return null;
        if (n < 0 || n > Remaining) throw new SnapshotException($"a string of {n} bytes does not fit in the {Remaining} bytes left");
        return Encoding.UTF8.GetString(_in.ReadBytes(n));
    }

    public string RequiredString() => String() ?? throw new SnapshotException("a required string is missing");

    public IcmTaskId TaskId() => new(Int(), Int(), Int());

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
