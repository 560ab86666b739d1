using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Reporting;
using Taskroute.Server.Hosting;
using Taskroute.Storage;
using Taskroute.Storage.Reports;

namespace Taskroute.Server.Reporting;

/// <summary>
/// Keeps the reports up with the journal on a thread of its own: first it goes on from the stored
/// checkpoint through whatever the journal holds beyond it, then it counts each durable batch the
/// journal writer hands over, saving once a second. Nothing waits for it but a report
/// query, which waits until the reports hold what was durable when it asked. Reports not counted
/// from this journal are emptied before anything can ask them, and counted again.
/// </summary>
public sealed partial class ReportKeeper : IDisposable
{
    // Every save rewrites the interval rows of every agent, queue and skill group that moved since
    // the last one: at a thousand agents that was hundreds of page writes five times a second.
    // Queries never wait for it (a waiting query has the counts saved at once); a restart recounts
    // from the journal what was not saved.
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);

    private readonly Channel<(long First, FlowEvent[][] Records, long Fingerprint)> _pending =
        Channel.CreateBounded<(long, FlowEvent[][], long)>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
    private readonly IJournal _journal;
    // Every configuration the server ran under, in the order it learnt them; the builder knows the first _learnt.
    private volatile RoutingConfiguration[] _configurations;
    private int _learnt;
    // Replaced by a fresh one when the keeper resumes after a failure: what it had counted but not
    // saved is counted again from the last checkpoint.
    private ReportBuilder _builder;
    private readonly Thread _thread;
    private readonly ILogger<ReportKeeper> _logger;
    // A plain object: waiting for progress needs Monitor.Wait, which System.Threading.Lock does not offer.
    private readonly object _progress = new();
    // Batches gather this long between wakes of the reports' thread (see TraceIndexer.GatherFor);
    // a waiting query cuts the pause short.
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(250);
    private readonly ManualResetEventSlim _hurry = new(false, spinCount: 0);
    private IReadOnlyList<AgentSpan> _agents = [];
    private int _waiters;
    private volatile bool _failed;
    // The fingerprint of the last record the builder counted, saved with its position.
    private long _fingerprint;

    /// <summary>Whether the reports stopped after a failed write or read and wait to try again: waiting for them is in vain until then.</summary>
    public bool Stopped => _failed;

    private readonly TimeProvider _time;

    /// <summary>How long reports that could not be saved or could not read the journal wait before they try again (see <see cref="Tracing.TraceIndexer.RetryAfter"/>).</summary>
    public static readonly TimeSpan RetryAfter = Tracing.TraceIndexer.RetryAfter;

    /// <summary>How long after a threshold passes, with no event, it is counted.</summary>
    public static readonly TimeSpan ThresholdGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The time up to which a report made at <paramref name="now"/> counts thresholds passed with no
    /// event (see <see cref="ReportBuilder.PassTime"/>). One rule for the live server and for a report
    /// recounted from a stopped server's journal, so the same journal and the same now give the same figures.
    /// </summary>
    public static long ThresholdsSettledBy(DateTimeOffset now) => now.ToUnixTimeMilliseconds() - (long)ThresholdGrace.TotalMilliseconds;

    // earlier: configurations the journal ran under before, whose agents and selectors its records name.
    public ReportKeeper(ReportStore store, IJournal journal, RoutingConfiguration configuration, ILogger<ReportKeeper> logger, TimeProvider? time = null,
        IEnumerable<RoutingConfiguration>? earlier = null)
    {
        Store = store;
        _journal = journal;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        // Here, not on the thread: a query made before the thread ran would count another journal's tasks.
        if (store.DiscardUnlessOf(journal) is { } why) LogRecounting(why);
        _configurations = [.. earlier ?? [], configuration];
        _builder = NewBuilder();
        _thread = new Thread(Run) { IsBackground = true, Name = "reports" };
        _thread.Start();
    }

    public ReportStore Store { get; }

    /// <summary>
    /// Counts from now on with what <paramref name="configuration"/> says of agents, selectors and
    /// MRDs too. Given before a configuration change runs, so its records are counted knowing it.
    /// </summary>
    public void Learn(RoutingConfiguration configuration)
    {
        lock (_progress)
        {
            // The last learnt wins where two say different things (an agent's login id): learnt again, it is last again.
            if (!ReferenceEquals(_configurations[^1], configuration)) _configurations = [.. _configurations, configuration];
        }
    }

    private ReportBuilder NewBuilder()
    {
        var known = _configurations;
        var builder = new ReportBuilder(known[0], Store.IntervalMinutes);
        for (var i = 1; i < known.Length; i++) builder.Learn(known[i]);
        _learnt = known.Length;
        return builder;
    }

    private void LearnNewConfigurations()
    {
        var known = _configurations;
        for (; _learnt < known.Length; _learnt++) _builder.Learn(known[_learnt]);
    }

    /// <summary>The agents' current states as of the last save: time in them is not stored yet.</summary>
    public IReadOnlyList<AgentSpan> AgentSpans => Volatile.Read(ref _agents);

    /// <summary>
    /// Hands a durable batch over: records numbered from <paramref name="first"/>, the last with the
    /// fingerprint <paramref name="lastFingerprint"/>. Waits only when the reports are far behind.
    /// </summary>
    public ValueTask Publish(long first, FlowEvent[][] records, long lastFingerprint) =>
        records.Length == 0 || _pending.Writer.TryWrite((first, records, lastFingerprint)) ? ValueTask.CompletedTask : _pending.Writer.WriteAsync((first, records, lastFingerprint));

    /// <summary>Waits until the stored reports hold the journal up to <paramref name="sequence"/>; false when they could not within the time.</summary>
    public bool WaitFor(long sequence, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        Interlocked.Increment(ref _waiters);
        _hurry.Set();
        try
        {
            lock (_progress)
            {
                while (Store.Sequence < sequence)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0 || _failed) return false;
                    Monitor.Wait(_progress, TimeSpan.FromMilliseconds(Math.Min(left, 50)));
                }
            }
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private void Run()
    {
        var reader = new BlockingReader<(long First, FlowEvent[][] Records, long Fingerprint)>(_pending.Reader);
        while (true)
        {
            try
            {
                CountUntilDone(reader);
                return;
            }
            // DbException: the reports' own SQLite file (a lock held by another program, an I/O
            // error), or a journal read that failed while the journal's writer goes on. Routing goes on.
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or System.Text.Json.JsonException or Storage.JournalDamagedException or Storage.JournalTooNewException)
            {
                // A damaged record is said in a line: the start that replays it says the rest.
                if (Storage.StorageDamage.Of(ex) is { } damage) LogJournalDamaged(damage, RetryAfter.TotalSeconds);
                else LogFailed(ex, RetryAfter.TotalSeconds);
                // As the trace index does: what is handed over meanwhile is dropped and recounted from
                // the journal; stopped is said once the retry is armed.
                if (!reader.DiscardFor(_time, RetryAfter, armed: Stop)) return;
                _builder = NewBuilder();
            }
            catch (ObjectDisposedException)
            {
                // The store was closed under the thread: the server is stopping.
                reader.DiscardFor(_time, Timeout.InfiniteTimeSpan, armed: Stop);
                return;
            }
        }
    }

    /// <summary>Goes on from the stored checkpoint through the journal, then counts what the journal writer hands over until the server stops.</summary>
    private void CountUntilDone(BlockingReader<(long First, FlowEvent[][] Records, long Fingerprint)> reader)
    {
        // Coming back from a failure, what is handed over is still dropped while the reports catch
        // up (see TraceIndexer): the catch-up's last read comes after the last drop.
        var counted = _failed ? Store.CatchUp(_journal, _builder, beforeEachRead: reader.Drain) : Store.CatchUp(_journal, _builder);
        _fingerprint = Store.Mark.Fingerprint;
        if (_failed)
        {
            _failed = false;
            LogResumed(counted);
        }
        else if (counted > 0)
        {
            LogCaughtUp(counted);
        }
        Saved();
        // Wakes the thread when a waiting task's threshold passes with nothing else happening.
        using var threshold = _time.CreateTimer(static state => ((BlockingReader<(long, FlowEvent[][], long)>)state!).Wake(), reader, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var lastSave = Environment.TickCount64;
        var unsaved = false;
        while (true)
        {
            // A threshold that passed with nothing happening counts once every durable record is in
            // and a grace has gone by: a START made just before the threshold may still be on its
            // way to the journal, and it would make the task answered within.
            var settled = ThresholdsSettledBy(_time.GetUtcNow());
            if (_builder.NextThreshold is { } passes && passes < settled && _builder.Sequence >= _journal.LastSequence)
            {
                _builder.PassTime(settled);
                unsaved = true;
            }
            // Unsaved counts wait at most SaveEvery, even while batches keep coming (under load the
            // next is always waiting); a waiting query has them saved at once.
            if (unsaved && (Volatile.Read(ref _waiters) > 0 || Environment.TickCount64 - lastSave >= SaveEvery.TotalMilliseconds))
            {
                Save();
                lastSave = Environment.TickCount64;
                unsaved = false;
            }
            if (!reader.TryPeek(out _))
            {
                if (unsaved && !_pending.Reader.Completion.IsCompleted)
                {
                    // Nothing to count: until the save is due, a query asks for it, or a gather's
                    // worth of batches may have come (the writer must never find the buffer full).
                    var due = Math.Max(1, (long)SaveEvery.TotalMilliseconds - (Environment.TickCount64 - lastSave));
                    _hurry.Wait(TimeSpan.FromMilliseconds(Math.Min(due, GatherFor.TotalMilliseconds)));
                    _hurry.Reset();
                    continue;
                }
                reader.PrepareToWait();
                // Armed only for a threshold still to come: one already passed waits for the
                // records still on their way, whose arrival wakes the thread anyway.
                if (_builder.NextThreshold is { } next && next + 1 + (long)ThresholdGrace.TotalMilliseconds - _time.GetUtcNow().ToUnixTimeMilliseconds() is var wait and > 0)
                    threshold.Change(TimerWait.For(wait), Timeout.InfiniteTimeSpan);
                reader.WaitForItemOrWake();
                threshold.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                if (!reader.TryPeek(out _))
                {
                    if (_pending.Reader.Completion.IsCompleted) break;
                    continue;
                }
            }
            while (reader.TryRead(out var next))
            {
                LearnNewConfigurations();
                if (next.First + next.Records.Length - 1 <= _builder.Sequence) continue;
                for (var i = 0; i < next.Records.Length; i++)
                {
                    var sequence = next.First + i;
                    // Records the catch-up already counted come again from the writer; each counts once.
                    if (sequence <= _builder.Sequence) continue;
                    _builder.Add(sequence, next.Records[i]);
                    unsaved = true;
                }
                _fingerprint = next.Fingerprint;
            }
            if (Volatile.Read(ref _waiters) == 0) _hurry.Wait(GatherFor);
            _hurry.Reset();
        }
        if (unsaved) Save();
    }

    private void Stop()
    {
        _failed = true;
        lock (_progress) Monitor.PulseAll(_progress);
    }

    private void Save()
    {
        Store.Save(_builder, _fingerprint);
        Saved();
    }

    private void Saved()
    {
        Volatile.Write(ref _agents, _builder.AgentSpans());
        lock (_progress) Monitor.PulseAll(_progress);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reports caught up with {Records} journal records")]
    private partial void LogCaughtUp(long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reports were not counted from this journal ({Reason}): they are counted again from the journal")]
    private partial void LogRecounting(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reports could not be saved or could not read the journal; they stand still, tried again in {Seconds} s from their last checkpoint")]
    private partial void LogFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reports stand still, tried again in {Seconds} s: {Damage}")]
    private partial void LogJournalDamaged(string damage, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reports are back: caught up with {Records} journal records from their last checkpoint")]
    private partial void LogResumed(long records);

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _hurry.Set();
        _thread.Join(TimeSpan.FromSeconds(10));
        Store.Dispose();
        _hurry.Dispose();
    }
}
