namespace Taskroute.Storage;

/// <summary>
/// The durable record of the flow. <see cref="Append"/> returns only once the entries are durable,
/// and a batch is all or nothing: a write torn by a crash is dropped on the next open, never fatal.
/// Implementations: SQLite (the default) and PostgreSQL; both pass the same conformance tests.
/// </summary>
public interface IJournal : IDisposable
{
    /// <summary>The sequence number of the last durable record; 0 for an empty journal.</summary>
    long LastSequence { get; }

    /// <summary>Appends a batch of records in one durable write (group commit); returns the sequence of its last record.</summary>
    long Append(IReadOnlyList<JournalEntry> entries);

    /// <summary>The commands of the records after <paramref name="afterSequence"/>, in execution order, for recovery (after a snapshot, only those it does not cover).</summary>
    IEnumerable<JournaledCommand> ReadCommands(long afterSequence = 0);

    /// <summary>The canonical lines of the events of the records after <paramref name="afterSequence"/>, in order, each with its record's sequence.</summary>
    IEnumerable<(long Sequence, string Line)> ReadEvents(long afterSequence = 0, int limit = int.MaxValue);

    /// <summary>The canonical lines of the events of every record that concerns the task, in order.</summary>
    IEnumerable<(long Sequence, string Line)> ReadTask(int task);

    /// <summary>Every record that concerns the task, in order, its events decoded (with the submitted task data on its creation).</summary>
    IEnumerable<JournaledRecord> ReadTaskRecords(int task);

    /// <summary>The records after <paramref name="afterSequence"/>, in order, their events decoded: what the trace index is built from.</summary>
    IEnumerable<JournaledRecord> ReadRecords(long afterSequence = 0, int limit = int.MaxValue);

    /// <summary>
    /// Why a write would fail now (its database does not answer, its disk is full); null when it
    /// would not. Quick and side-effect free: readiness probes ask it.
    /// </summary>
    string? Probe() => null;

    /// <summary>The <see cref="JournalFingerprint"/> of record <paramref name="sequence"/>, or null when the journal has none: how a derived store checks it was built from this journal.</summary>
    long? Fingerprint(long sequence);
}
