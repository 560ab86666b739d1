using System.Text;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Engine.Snapshots;

/// <summary>
/// Writes a snapshot's payload. Numbers are zigzag varints: most are small (indexes, counts, states)
/// and times take six bytes instead of eight, which keeps a snapshot of a busy centre compact.
/// </summary>
internal sealed class SnapshotWriter
{
    private readonly MemoryStream _stream;
    private readonly BinaryWriter _out;

    // The modules share TaskData instances; writing each once keeps them shared after a restore and
    // the snapshot a fraction of the size.
    private readonly Dictionary<TaskData, int> _data = new(ReferenceEqualityComparer.Instance);

    public SnapshotWriter(int capacity = 4096)
    {
        _stream = new MemoryStream(capacity);
        _out = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);
    }

    public MemoryStream Stream
    {
        get
        {
            _out.Flush();
            return _stream;
        }
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    public void Byte(byte value) => _out.Write(value);

    public void Bool(bool value) => _out.Write(value);

    public void Int(int value) => _out.Write7BitEncodedInt((int)(((uint)value << 1) ^ (uint)(value >> 31)));

    public void Long(long value) => _out.Write7BitEncodedInt64((long)(((ulong)value << 1) ^ (ulong)(value >> 63)));

    public void Guid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        _out.Write(bytes);
    }

    public void String(string? value)
    {
        if (value is null)
        {
            Int(-1);
            return;
        }
        Int(Encoding.UTF8.GetByteCount(value));
        _out.Write(Encoding.UTF8.GetBytes(value));
    }

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
