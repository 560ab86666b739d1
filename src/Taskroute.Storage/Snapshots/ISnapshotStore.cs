namespace Taskroute.Storage.Snapshots;

/// <summary>
/// Where a server keeps snapshots of its engine, each labelled with the journal record it covers:
/// recovery restores the newest one that checks out and replays only the records after it. A store
/// holds a few, never only a half-written one; whether a snapshot's bytes are good is for the
/// restorer to judge, so a damaged one costs a full replay, never a wrong state.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Keeps a snapshot of the state after journal record <paramref name="sequence"/>, which must be durable already; drops all but the newest few.</summary>
    void Save(long sequence, ReadOnlyMemory<byte> snapshot);

    /// <summary>The snapshots held, newest first; each one's bytes are read only when asked for.</summary>
    IReadOnlyList<StoredSnapshot> List();

    /// <summary>Drops the snapshot of journal record <paramref name="sequence"/>, if one is held.</summary>
    void Delete(long sequence);
}
