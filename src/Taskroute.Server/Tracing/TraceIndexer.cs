using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Flow;
using Taskroute.Server.Hosting;
using Taskroute.Storage;
using Taskroute.Storage.Index;

namespace Taskroute.Server.Tracing;

/// <summary>
/// Keeps the trace index up with the journal on a thread of its own: it first catches up with
/// whatever the journal holds beyond the index (after a crash, or a first start on an old data
/// directory), then indexes each durable batch the journal writer hands over. Nothing waits for it
/// but a trace lookup, which waits until the index holds what was durable when it asked. An index
/// not built from this journal is emptied before anything can ask it, and built again. An index
/// that fails (a lock another program holds on its file, an I/O error, a failed journal read) stops
/// answering lookups and tries again every
/// <see cref="RetryAfter"/>, catching up from the journal once it can.
/// </summary>
public sealed partial class TraceIndexer : IDisposable
{
    private readonly Channel<(long First, FlowEvent[][] Records, long Fingerprint)> _pending =
        Channel.CreateBounded<(long, FlowEvent[][], long)>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
    private readonly IJournal _journal;
    private readonly Thread _thread;
    private readonly ILogger<TraceIndexer> _logger;
    // A plain object: waiting for progress needs Monitor.Wait, which System.Threading.Lock does not offer.
    private readonly object _progress = new();

    /// <summary>
    /// How long the index lets durable batches gather before it writes them. Under load the journal
    /// commits hundreds of small batches a second; one transaction each rewrote the same B-tree pages
    /// into the write-ahead log every time and woke this thread as often. Even at 20 ms, a thousand
    /// agents' reservations (each on its own agent's page of the agents table) made a transaction of
    /// about a hundred page writes fifty times a second. A lookup that waits for the index cuts the
    /// pause short, so no lookup waits longer for it.
    /// </summary>
    public static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(250);

    private readonly ManualResetEventSlim _hurry = new(false, spinCount: 0);

    /// <summary>
    /// How long an index that could not be written or could not read the journal waits before it
    /// tries again: long enough not to fill the log while the cause lasts, short enough that traces
    /// come back soon after it is mended.
    /// </summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;

    public TraceIndexer(TraceIndex index, IJournal journal, ILogger<TraceIndexer> logger, TimeProvider? time = null)
    {
        Index = index;
        _journal = journal;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        // Here, not on the thread: a lookup made before the thread ran would find another journal's tasks.
        if (index.DiscardUnlessOf(journal) is { } why) LogRebuilding(why);
        _thread = new Thread(Run) { IsBackground = true, Name = "trace index" };
        _thread.Start();
    }

    public TraceIndex Index { get; }

    /// <summary>Whether the index stopped after a failure and waits to try again: waiting for it is in vain until then.</summary>
    public bool Stopped => _stopped;

    private volatile bool _stopped;

    /// <summary>
    /// Hands a durable batch over: records numbered from <paramref name="first"/>, the last with the
    /// fingerprint <paramref name="lastFingerprint"/>. Waits only when the index is far behind.
    /// </summary>
    public ValueTask Publish(long first, FlowEvent[][] records, long lastFingerprint) =>
        records.Length == 0 || _pending.Writer.TryWrite((first, records, lastFingerprint)) ? ValueTask.CompletedTask : _pending.Writer.WriteAsync((first, records, lastFingerprint));

    /// <summary>Waits until the index holds the journal up to <paramref name="sequence"/>; false when it could not within the time.</summary>
    public bool WaitFor(long sequence, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        if (Index.IndexedSequence >= sequence) return true;
        _hurry.Set();
        lock (_progress)
        {
            while (Index.IndexedSequence < sequence)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || _stopped) return false;
                Monitor.Wait(_progress, TimeSpan.FromMilliseconds(Math.Min(left, 100)));
            }
        }
        return true;
    }

    private void Run()
    {
        var reader = new BlockingReader<(long First, FlowEvent[][] Records, long Fingerprint)>(_pending.Reader);
        while (true)
        {
            try
            {
                IndexUntilDone(reader);
                return;
            }
            // DbException: the index's own SQLite file (a lock held by another program, an I/O error),
            // or a journal read that failed while the journal's writer goes on. Routing goes on.
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or Storage.JournalDamagedException or Storage.JournalTooNewException)
            {
                // A damaged record is said in a line: the start that replays it says the rest.
                if (Storage.StorageDamage.Of(ex) is { } damage) LogJournalDamaged(damage, RetryAfter.TotalSeconds);
                else LogIndexFailed(ex, RetryAfter.TotalSeconds);
                // The journal writer must never wait on a stopped index: what it hands over meanwhile
                // is dropped, and found again in the journal by the catch-up that follows. Stopped is
                // said once the retry is armed.
                if (!reader.DiscardFor(_time, RetryAfter, armed: Stop)) return;
            }
            catch (ObjectDisposedException)
            {
                // The index was closed under the thread: the server is stopping.
                reader.DiscardFor(_time, Timeout.InfiniteTimeSpan, armed: Stop);
                return;
            }
        }
    }

    /// <summary>Catches up with the journal, then indexes what the journal writer hands over until the server stops.</summary>
    private void IndexUntilDone(BlockingReader<(long First, FlowEvent[][] Records, long Fingerprint)> reader)
    {
        // Coming back from a failure, what is handed over is still dropped while the index catches
        // up, so that a long catch-up never makes the journal writer wait: the catch-up's last read
        // comes after the last drop.
        var caught = _stopped ? Index.CatchUp(_journal, beforeEachRead: reader.Drain) : Index.CatchUp(_journal);
        if (_stopped)
        {
            _stopped = false;
            LogResumed(caught);
        }
        else if (caught > 0)
        {
            LogCaughtUp(caught);
        }
        Signal();
        var first = 0L;
        var fingerprint = 0L;
        var batch = new List<FlowEvent[]>();
        while (reader.WaitToRead())
        {
            // Consecutive batches become one transaction.
            while (reader.TryRead(out var next))
            {
                if (batch.Count > 0 && next.First != first + batch.Count)
                {
                    Index.Add(first, batch, fingerprint);
                    batch.Clear();
                }
                if (batch.Count == 0) first = next.First;
                batch.AddRange(next.Records);
                fingerprint = next.Fingerprint;
            }
            if (batch.Count == 0) continue;
            Index.Add(first, batch, fingerprint);
            batch.Clear();
            Signal();
            _hurry.Wait(GatherFor);
            _hurry.Reset();
        }
    }

    private void Stop()
    {
        _stopped = true;
        Signal();
    }

    private void Signal()
    {
        lock (_progress) Monitor.PulseAll(_progress);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trace index caught up with {Records} journal records")]
    private partial void LogCaughtUp(long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trace index was not built from this journal ({Reason}): it is rebuilt from the journal")]
    private partial void LogRebuilding(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The trace index could not be written or could not read the journal; traces of new tasks are not found until it catches up, tried again in {Seconds} s")]
    private partial void LogIndexFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The trace index stands still, tried again in {Seconds} s: {Damage}")]
    private partial void LogJournalDamaged(string damage, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trace index is back: caught up with {Records} journal records")]
    private partial void LogResumed(long records);

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _hurry.Set();
        _thread.Join(TimeSpan.FromSeconds(10));
        Index.Dispose();
        _hurry.Dispose();
    }
}
