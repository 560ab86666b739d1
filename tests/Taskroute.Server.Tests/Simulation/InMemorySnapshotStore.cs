using Taskroute.Storage.Snapshots;

namespace Taskroute.Server.Tests.Simulation;

/// <summary>Snapshots in memory, kept as a store on disk keeps them: the newest two, newest first.</summary>
internal sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly SortedDictionary<long, byte[]> _held = [];
    private readonly Lock _gate = new();

    public void Save(long sequence, ReadOnlyMemory<byte> snapshot)
    {
        // The server writes its next snapshot into the same memory: a store keeps a copy.
        var copy = snapshot.ToArray();
        lock (_gate)
        {
            _held[sequence] = copy;
            while (_held.Count > 2) _held.Remove(_held.Keys.First());
        }
    }

    public void Delete(long sequence)
    {
        lock (_gate) _held.Remove(sequence);
    }

    public IReadOnlyList<StoredSnapshot> List()
    {
        lock (_gate) return [.. _held.Reverse().Select(p => new StoredSnapshot(p.Key, $"memory {p.Key}", () => p.Value))];
    }
}
