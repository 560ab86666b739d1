using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Engine;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Storage;
using Taskroute.Storage.Snapshots;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Snapshots bound recovery: every so many journaled commands the loop writes the engine's state
/// (quick next to the commands it covers; see docs/benchmarks.md), the journal writer labels it with
/// the record it covers once that record is durable, and a thread of its own stores it. A restart
/// restores the newest one that checks out and replays only the journal after it; one that does
/// not check out is logged and passed over, down to a full replay.
/// </summary>
public sealed partial class EngineHost
{
    /// <summary>The default for <c>--snapshot-every</c>: at about seven events a command, a snapshot per 700,000 events, which replay in about 0.4 s.</summary>
    public const int DefaultSnapshotEvery = 100_000;

    private readonly ISnapshotStore? _snapshots;
    private readonly int _snapshotEvery;
    private readonly bool _snapshotOnStop;
    private long _sinceSnapshot;
    private int _tasksInLastSnapshot;
    private int _contactsAtLastSnapshot;
    private int _lastSnapshotBytes;
    private bool _snapshotBufferAsked;
    private readonly List<TaskCompletionSource<long>> _snapshotWaiters = [];
    private readonly Channel<SaverWork> _toSave =
        Channel.CreateUnbounded<SaverWork>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    /// <summary>For the thread that stores snapshots: a snapshot to store, or (without one) a buffer of so many bytes to make ready.</summary>
    private readonly record struct SaverWork(long Sequence, PendingSnapshot? Snapshot, int PrepareBytes = 0, long RecordFingerprint = 0);

    /// <summary>A snapshot taken on the loop (the engine's, and the idempotency keys as they stood), and who waits for it to be stored.</summary>
    private sealed record PendingSnapshot(SnapshotBuffer Buffer, int EngineLength, KeyValuePair<string, (Guid Contact, long Time, ulong Fingerprint)>[] Keys, TaskCompletionSource<long>[] Waiters);

    // Snapshots are written into buffers kept from one to the next (see SnapshotBuffer): the loop
    // takes one, the thread that stores it gives it back. Rarely more than one exists.
    private readonly ConcurrentBag<SnapshotBuffer> _snapshotBuffers = [];

    /// <summary>Snapshots stored since start.</summary>
    public int SnapshotsSaved => Volatile.Read(ref _snapshotsSaved);
    private int _snapshotsSaved;

    /// <summary>How long the loop took to write the last snapshot, in milliseconds, and its size.</summary>
    public (double Milliseconds, int Bytes) LastSnapshotCost { get; private set; }

    /// <summary>
    /// Takes a snapshot after everything posted before, and answers with the journal record it covers
    /// once it is stored. Operators need not call it: snapshots are taken every so many commands.
    /// </summary>
    public async Task<long> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        if (_snapshots is null) throw new InvalidOperationException("this server keeps no snapshots");
        var saved = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await QueryAsync((_, _) =>
        {
            _snapshotWaiters.Add(saved);
            return 0;
        }, cancellationToken);
        return await saved.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Closes the snapshot store with the host, its only user (PostgreSQL's holds a pool of connections).</summary>
    public override void Dispose()
    {
        base.Dispose();
        (_snapshots as IDisposable)?.Dispose();
    }

    private long RestoreNewestSnapshot()
    {
        if (_snapshots is null) return 0;
        IReadOnlyList<StoredSnapshot> held;
        try
        {
            held = _snapshots.List();
        }
        catch (Exception ex)
        {
            LogSnapshotIgnored("the snapshot store", ex.Message);
            return 0;
        }
        // Starting would serve without what the journal lost: nothing starts and nothing is deleted.
        JournalBehindException.ThrowIfBehind(held, _journal);
        foreach (var snapshot in held)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var (engine, keys, record) = HostSnapshot.Read(snapshot.Read());
                // A journal restored from a backup and written on, or another journal, can have as
                // many records as the snapshot covers, but not that record: its state is not theirs.
                // Deleted, as it can never fit: a journal only grows, so its record there stays another.
                if (record is { } covered && new JournalMark(snapshot.Sequence, covered).Misfit(_journal) is { } misfit)
                {
                    LogSnapshotIgnored(snapshot.Source, misfit + ": it was taken of another journal; deleted");
                    Delete(snapshot);
                    continue;
                }
                _engine.RestoreSnapshot(engine);
                foreach (var (key, contact, time, fingerprint) in keys) _idempotency.Remember(key, contact, time, fingerprint);
                RestoredSnapshot = snapshot.Sequence;
                LogSnapshotRestored(snapshot.Source, snapshot.Sequence, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return snapshot.Sequence;
            }
            catch (Exception ex)
            {
                LogSnapshotIgnored(snapshot.Source, ex.Message);
            }
        }
        return 0;
    }

    private void Delete(StoredSnapshot snapshot)
    {
        try
        {
            _snapshots!.Delete(snapshot.Sequence);
        }
        catch (Exception ex)
        {
            LogSnapshotIgnored(snapshot.Source, "it could not be deleted: " + ex.Message);
        }
    }

    // A snapshot costs the loop a pause in proportion to the tasks it holds (about 0.7 µs each
    // alone, more while requests share the cores; docs/benchmarks.md); a replay, in proportion to
    // the commands after it. Every snapshotEvery
    // commands, but at least as many commands apart as the last one held tasks: the pauses then
    // cost a bounded share of the loop however long the backlog grows, and a restart replays no more
    // commands than it restored tasks (or snapshotEvery), which keeps it within about twice the
    // restore.
    private bool SnapshotDue() =>
        _snapshots is not null && (_snapshotWaiters.Count > 0
            || (_snapshotEvery > 0 && _sinceSnapshot >= SnapshotInterval));

    private long SnapshotInterval => Math.Max(_snapshotEvery, _tasksInLastSnapshot);

    /// <summary>
    /// Four fifths of the way to the next snapshot, asks the thread that stores snapshots for a buffer
    /// the size the snapshot will about be, with its pages faulted in. Written into a buffer that
    /// doubles as it goes, a snapshot of a large backlog spent half its pause on the loop copying and
    /// faulting in fresh memory (docs/benchmarks.md).
    /// </summary>
    private void AskForSnapshotBuffer()
    {
        if (_snapshotBufferAsked || _snapshots is null || _snapshotEvery <= 0 || _sinceSnapshot * 5 < SnapshotInterval * 4) return;
        _snapshotBufferAsked = true;
        // The contacts grow (or not) at the rate they did since the last snapshot; each takes about
        // what one took in it (300 bytes before the first: a queued task of the lab's).
        var contacts = (long)_engine.ContactCount;
        var expected = Math.Max(contacts, _contactsAtLastSnapshot + (contacts - _contactsAtLastSnapshot) * SnapshotInterval / Math.Max(1, _sinceSnapshot));
        var perContact = _tasksInLastSnapshot >= 1_000 ? Math.Max(64L, _lastSnapshotBytes / _tasksInLastSnapshot) : 300L;
        var bytes = expected * perContact * 9 / 8 + (1 << 20);
        // Small snapshots grow their buffer quickly enough on the loop.
        if (bytes >= SnapshotBufferWorthPreparing) _toSave.Writer.TryWrite(new SaverWork(0, null, (int)Math.Min(bytes, Array.MaxLength)));
    }

    private const long SnapshotBufferWorthPreparing = 4 << 20;

    /// <summary>
    /// Writes the state as it stands after the batch just run, on the loop, the only thread that may
    /// read the engine; wrapping it with the keys and its checksum is left to the thread that stores it.
    /// </summary>
    private PendingSnapshot TakeSnapshot()
    {
        var started = Stopwatch.GetTimestamp();
        if (!_snapshotBuffers.TryTake(out var buffer)) buffer = new SnapshotBuffer();
        HostSnapshot.Begin(buffer);
        var engineLength = _engine.WriteUnsealedSnapshot(buffer);
        _tasksInLastSnapshot = buffer.Tasks;
        _contactsAtLastSnapshot = _engine.ContactCount;
        _lastSnapshotBytes = engineLength;
        _snapshotBufferAsked = false;
        var keys = _idempotency.ToArray();
        LastSnapshotCost = (Stopwatch.GetElapsedTime(started).TotalMilliseconds, engineLength);
        _sinceSnapshot = 0;
        var waiters = _snapshotWaiters.ToArray();
        _snapshotWaiters.Clear();
        return new PendingSnapshot(buffer, engineLength, keys, waiters);
    }

    /// <summary>
    /// A planned restart should not replay what was journaled since the last snapshot: once the loop
    /// has stopped and the journal writer has made every batch durable, the engine's state is exactly
    /// the journal's, and a snapshot of it covers the journal's last record.
    /// </summary>
    private void SnapshotOnStop()
    {
        if (!_snapshotOnStop || _snapshots is null || _sinceSnapshot == 0) return;
        // Stopped before the loop's first batch: the start's own records (router rules, configuration)
        // are in the engine but not in the journal, and a snapshot labelled with the journal's last
        // record would pass them off as journaled. The next start makes them again.
        if (_atStart.Count > 0) return;
        _toSave.Writer.TryWrite(new SaverWork(_journal.LastSequence, TakeSnapshot(), RecordFingerprint: FingerprintOf(_lastJournaled)));
    }

    /// <summary>On the journal writer, once the batches are durable: labels each snapshot with the last record of its batch.</summary>
    private void HandOverSnapshots(List<PendingBatch> batches, long before)
    {
        var sequence = before;
        var last = _lastJournaled;
        foreach (var batch in batches)
        {
            sequence += batch.Entries.Count;
            if (batch.Entries.Count > 0) last = batch.Entries[^1];
            // A snapshot after a batch that journaled nothing covers the record before it, written
            // by this commit or an earlier one.
            if (batch.Snapshot is { } snapshot)
                _toSave.Writer.TryWrite(new SaverWork(sequence, snapshot, RecordFingerprint: FingerprintOf(last)));
        }
        _lastJournaled = last;
    }

    // The last record journaled since start, kept by the journal writer (and read by the snapshot on
    // stop once the writer has ended): a snapshot's record fingerprint never reads the journal on the
    // writer, where a failed read would stop acknowledgements. Before the first commit, the
    // fingerprint of the journal's last record as found at start.
    private JournalEntry? _lastJournaled;
    private long _fingerprintAtStart;

    private long FingerprintOf(JournalEntry? last) => last?.Fingerprint() ?? _fingerprintAtStart;

    /// <summary>At start, on the caller's thread: the fingerprint a snapshot taken before the first commit covers.</summary>
    private void RememberLastRecord()
    {
        if (_snapshots is not null && _journal.LastSequence > 0) _fingerprintAtStart = _journal.Fingerprint(_journal.LastSequence) ?? 0;
    }

    /// <summary>
    /// Stores snapshots on a thread of their own, so a large one never holds up an acknowledgement.
    /// When several wait, only the newest is stored. A failure is logged, not fatal: recovery then
    /// starts from an older snapshot, or replays everything.
    /// </summary>
    private async Task SaveSnapshots()
    {
        var reader = _toSave.Reader;
        var waiting = new List<TaskCompletionSource<long>>();
        while (await reader.WaitToReadAsync())
        {
            SaverWork newest = default;
            var prepare = 0;
            while (reader.TryRead(out var next))
            {
                if (next.Snapshot is null)
                {
                    prepare = Math.Max(prepare, next.PrepareBytes);
                    continue;
                }
                if (newest.Snapshot is not null) KeepBuffer(newest.Snapshot.Buffer);
                newest = next;
                waiting.AddRange(next.Snapshot.Waiters);
            }
            if (newest.Snapshot is not null) Save(newest.Sequence, newest.Snapshot, newest.RecordFingerprint, waiting);
            if (prepare > 0) PrepareBuffer(prepare);
        }
    }

    private void Save(long sequence, PendingSnapshot snapshot, long recordFingerprint, List<TaskCompletionSource<long>> waiting)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var (buffer, engineLength, keys, _) = snapshot;
            RoutingEngine.SealSnapshot(buffer.Written.Span.Slice(HostSnapshot.EngineOffset, engineLength));
            HostSnapshot.End(buffer, engineLength, keys, recordFingerprint);
            _snapshots!.Save(sequence, buffer.Written);
            Interlocked.Increment(ref _snapshotsSaved);
            LogSnapshotSaved(sequence, buffer.Length, LastSnapshotCost.Milliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            foreach (var w in waiting) w.TrySetResult(sequence);
        }
        catch (Exception ex)
        {
            LogSnapshotNotSaved(sequence, ex);
            foreach (var w in waiting) w.TrySetException(ex);
        }
        finally
        {
            KeepBuffer(snapshot.Buffer);
        }
        waiting.Clear();
    }

    // On the thread that stores snapshots, while the loop runs: the memory of the next snapshot.
    private void PrepareBuffer(int bytes)
    {
        if (!_snapshotBuffers.TryTake(out var buffer)) buffer = new SnapshotBuffer();
        buffer.Clear();
        buffer.Prepare(bytes);
        _snapshotBuffers.Add(buffer);
    }

    // A buffer grown for a backlog that has since drained would hold that memory for good: one
    // more than twice the size of what it last held (and past a few megabytes) is let go.
    private void KeepBuffer(SnapshotBuffer buffer)
    {
        if (buffer.Capacity <= Math.Max(2L * buffer.Length, 4 << 20)) _snapshotBuffers.Add(buffer);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored the snapshot {Source} (journal record {Sequence}) in {Milliseconds:F0} ms; replaying the journal after it")]
    private partial void LogSnapshotRestored(string source, long sequence, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Source} ignored: {Reason}")]
    private partial void LogSnapshotIgnored(string source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of journal record {Sequence} stored: {Bytes} bytes, written on the loop in {WriteMilliseconds:F1} ms, stored in {SaveMilliseconds:F0} ms")]
    private partial void LogSnapshotSaved(long sequence, int bytes, double writeMilliseconds, double saveMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of journal record {Sequence} could not be stored; recovery will start from an older one")]
    private partial void LogSnapshotNotSaved(long sequence, Exception exception);
}
