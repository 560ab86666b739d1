using System.Buffers.Binary;

namespace Taskroute.Core.Engine.Snapshots;

/// <summary>
/// Memory that snapshots are written into one after another, kept from one to the next. A server
/// that snapshots a backlog of hundreds of thousands of tasks writes tens of megabytes each time,
/// and it used to take three fresh arrays of that size per snapshot (the engine's copy, the frame
/// around it, the frame's copy with its checksum), each on the large object heap with its pages
/// faulted in and zeroed. The owner writes a frame of its own around the engine's snapshot
/// (<see cref="RoutingEngine.WriteUnsealedSnapshot(SnapshotBuffer)"/>) and stores
/// <see cref="Written"/> as it stands.
/// </summary>
public sealed class SnapshotBuffer
{
    internal SnapshotWriter Writer { get; } = new(64 * 1024);

    /// <summary>Bytes written since <see cref="Clear"/>.</summary>
    public int Length => Writer.Length;

    /// <summary>The memory held, which stays the size of the largest snapshot written into it.</summary>
    public int Capacity => Writer.Capacity;

    /// <summary>The bytes written since <see cref="Clear"/>; valid until the next write.</summary>
    public Memory<byte> Written => Writer.Written;

    /// <summary>How many tasks the engine's snapshot in it holds (their data, each counted once).</summary>
    public int Tasks { get; internal set; }

    /// <summary>
    /// Grows the memory held to at least <paramref name="capacity"/> bytes, faulted in, ahead of the
    /// snapshot that needs it; call it from a thread other than the one that will write the snapshot.
    /// </summary>
    public void Prepare(int capacity) => Writer.Prepare(capacity);

    /// <summary>Starts the next snapshot, keeping the memory.</summary>
    public void Clear() => Writer.Reset();

    public void Append(ReadOnlySpan<byte> bytes) => Writer.Raw(bytes);

    /// <summary>Appends <paramref name="count"/> zero bytes, a place for something filled in later.</summary>
    public void AppendZeros(int count) => Writer.Zeros(count);

    public void PatchInt32(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(Written.Span[at..], value);
}
