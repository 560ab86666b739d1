using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Waiting;
using Taskroute.Storage;
using Taskroute.Storage.Snapshots;

namespace Taskroute.Server.Hosting;

/// <summary>
/// The one writer: owns the routing engine and the journal, and runs every command on a single loop
/// fed by a channel (the LMAX pattern). The loop takes whatever work has arrived, runs it, appends
/// all the resulting events in one durable write (group commit), and only then answers: a request
/// is acknowledged once its events are durable. It also ticks the engine at its next deadline.
/// </summary>
public sealed partial class EngineHost : BackgroundService
{
    private const int MaxBatch = 1024;

    private readonly RoutingEngine _engine;
    private readonly IJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineHost> _logger;
    private readonly Channel<Work> _inbox;
    private readonly IdempotencyKeys _idempotency = new();
    private readonly List<JournalEntry> _entries = [];
    private readonly List<Work> _batch = [];
    // Queue depths per MRD as of the last batch, for any thread; replaced whole when a configuration change changes the MRDs.
    private volatile QueueDepthTable _queues = new([], []);

    private readonly Telemetry.TaskrouteMetrics? _metrics;
    // Loop-owned: fed from the events of each live command, read by queries on the loop.
    private readonly WaitEstimates _waits = new(new Taskroute.Core.Configuration.RoutingConfiguration());

    /// <summary>Tasks' OpenTelemetry traces, fed after each durable batch.</summary>
    internal Telemetry.TaskTracing? Tracing { get; }

    /// <summary>The trace index, fed after each durable batch.</summary>
    internal Tracing.TraceIndexer? Indexer { get; }

    /// <summary>The reports, fed after each durable batch.</summary>
    internal Reporting.ReportKeeper? Reports { get; }

    /// <summary>The component logs, fed after each durable batch.</summary>
    internal Logs.ComponentLogService? Logs { get; }

    /// <summary>Agents' event streams, fed after each durable batch.</summary>
    public AgentEventHub Streams { get; } = new();

    // snapshots, snapshotEvery: where snapshots go and after how many journaled commands one is taken
    // (0: only when asked). snapshotOnStop: also take one when the host stops, if anything was
    // journaled since the last. configuration: what to run under once the journal is replayed, when
    // that is another configuration than the journal's last (see ConfigurationChangeCheck); null: the journal's.
    // keepRunningConfiguration: the configuration given is the one the last start was given, so one
    // changed while that server ran (ConfigurationChanges) stays.
    public EngineHost(RoutingEngine engine, IJournal journal, TimeProvider time, ILogger<EngineHost> logger, int capacity = 65_536, Telemetry.TaskrouteMetrics? metrics = null,
        Telemetry.TaskTracing? tracing = null, Logs.ComponentLogService? logs = null, Tracing.TraceIndexer? indexer = null,
        Reporting.ReportKeeper? reports = null, ISnapshotStore? snapshots = null, int snapshotEvery = 0, bool snapshotOnStop = false,
        Taskroute.Core.Configuration.RoutingConfiguration? configuration = null, bool keepRunningConfiguration = false, Func<string, string?>? whyNotKept = null)
    {
        _whyNotKept = whyNotKept;
        _snapshots = snapshots;
        _snapshotOnStop = snapshotOnStop;
        _snapshotEvery = snapshotEvery;
        Indexer = indexer;
        Reports = reports;
        Tracing = tracing;
        Logs = logs;
        _metrics = metrics;
        _engine = engine;
        _journal = journal;
        _time = time;
        _logger = logger;
        _inbox = Channel.CreateBounded<Work>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Recover();
        UpgradeRoutingAtStart();
        if (configuration is not null) ChangeConfigurationAtStart(configuration, keepRunningConfiguration);
        SizeForConfiguration();
        RememberLastRecord();
        PublishQueues();
        KeepClockAhead();
    }

    /// <summary>Commands replayed from the journal at start: all of them, or those after the snapshot restored.</summary>
    public int RecoveredCommands { get; private set; }

    /// <summary>The journal record covered by the snapshot restored at start; null when the whole journal was replayed.</summary>
    public long? RestoredSnapshot { get; private set; }

    /// <summary>
    /// Restores the newest snapshot that checks out, then replays the journal's commands after it:
    /// the same commands give the same state, timers included.
    /// </summary>
    private void Recover()
    {
        var after = RestoreNewestSnapshot();
        foreach (var journaled in _journal.ReadCommands(after))
        {
            var result = _engine.Execute(journaled.Command);
            // Going on under the configuration before it would route everything after it differently.
            if (!result.Succeeded && journaled.Command is ChangeConfiguration change)
                throw new ConfigurationChangedException($"journal record {journaled.Sequence} changes to configuration {change.Hash}, which cannot be replayed: " +
                    (_whyNotKept?.Invoke(change.Hash) ?? $"{result.Detail} (the data directory's {ConfigurationArchive.FolderName}/ keeps the configurations its journal names)"));
            // A newer version's rules: replaying on under this build's would route what followed differently.
            if (!result.Succeeded && journaled.Command is UpgradeRouting upgrade)
                throw new RulesTooNewException($"journal record {journaled.Sequence} raises the router's rules to {upgrade.Rules}, which this build cannot replay ({result.Detail}): " +
                    "a newer version of Taskroute wrote this journal; run that version (docs/operations.md, Upgrades)");
            if (!result.Changed) LogReplayRefused(journaled.Sequence, result.Status.ToString(), result.Detail);
            if (journaled is { IdempotencyKey: { } key, Command: SubmitTask submit }) _idempotency.Remember(key, submit.Data.ContactId, submit.Time, SubmitFingerprint.Of(submit.Data));
            RecoveredCommands++;
        }
        _sinceSnapshot = RecoveredCommands;
    }

    /// <summary>
    /// Changes to the configuration the server starts with, from now on: open work carries over (or
    /// the start is refused, with why), and the change is the journal's next record, written with
    /// the loop's first batch, so that a replay changes at the same point.
    /// </summary>
    private void ChangeConfigurationAtStart(Taskroute.Core.Configuration.RoutingConfiguration configuration, bool keepRunning)
    {
        var hash = RoutingEngine.ConfigurationHashOf(configuration);
        var from = _engine.ConfigurationHash();
        if (string.Equals(hash, from, StringComparison.OrdinalIgnoreCase)) return;
        if (keepRunning)
        {
            // The same file as written, and the running configuration is that file under another
            // clock: only this machine's time zone rules changed since it was read, nobody's change.
            if (string.Equals(RoutingEngine.ConfigurationHashAsWritten(_engine.Configuration), RoutingEngine.ConfigurationHashAsWritten(configuration), StringComparison.OrdinalIgnoreCase))
                LogKeptZoneClock(configuration.TimeZone ?? "", from);
            else
                LogKeptRunningConfiguration(from, hash);
            return;
        }
        var now = Math.Max(Now(), _engine.Now);
        var result = _engine.ChangeConfiguration(now, configuration);
        if (!result.Succeeded)
            throw new ConfigurationChangedException(
                $"{result.Detail}. Nothing was changed: start with the configuration the data directory runs under now (the file you last started it with; or a copy of {ConfigurationArchive.FolderName}/{from}.json with your accounts section added, as the kept copy has none), finish that work or sign those agents out, then change");
        // As Keep does for a batch's records; Keep itself belongs to the loop's batch, which does not exist yet.
        _metrics?.Count(_engine.Events);
        _atStart.Add(new JournalEntry(now, new ChangeConfiguration(now, hash), null, _engine.Events.ToArray()).Encode());
        LogConfigurationChanged(from, hash, _engine.Events.Length);
    }

    /// <summary>
    /// A journal written under older router rules has been replayed under them; from now on this
    /// build's apply, and the change is the journal's next record, so that a replay changes at the same point.
    /// </summary>
    private void UpgradeRoutingAtStart()
    {
        var from = _engine.RoutingRulesInForce;
        if (from >= RoutingRules.Current) return;
        // At the journal's last time no deadline is due (each record fired those it passed): the
        // deadlines of an outage fire after it, under the new rules (an offer they make rings from when
        // it can be seen, rules 3), not under the old ones as part of the upgrade. A new journal starts now.
        var now = _engine.Now > 0 ? _engine.Now : Now();
        var result = _engine.UpgradeRouting(now, RoutingRules.Current);
        if (!result.Succeeded) throw new InvalidOperationException($"the router's rules could not be raised from {from} to {RoutingRules.Current}: {result.Detail}");
        _metrics?.Count(_engine.Events);
        _atStart.Add(new JournalEntry(now, new UpgradeRouting(now, RoutingRules.Current), null, _engine.Events.ToArray()).Encode());
        // A new journal only names the rules it starts under: nothing was replayed under older ones.
        if (RecoveredCommands > 0 || RestoredSnapshot is not null) LogRoutingUpgraded(from, RoutingRules.Current, Core.BuildVersion.Informational);
    }

    // Why a configuration the journal names cannot be found (its kept file missing or edited); null when it can.
    private readonly Func<string, string?>? _whyNotKept;

    // The start's changes (router rules, configuration), journaled first with the loop's first batch.
    private readonly List<JournalEntry> _atStart = [];

    /// <summary>Runs a command made at the loop's current time; answers once its events are durable.</summary>
    public async Task<CommandResult> ExecuteAsync(Func<long, Command> make, CancellationToken cancellationToken = default)
    {
        var work = new CommandWork(make, null);
        Post(work);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs commands back to back in one trip through the loop, so nothing else runs between them;
    /// stops at the first refusal. Callers order them so that what can be refused comes first.
    /// </summary>
    public async Task<CommandResult> ExecuteAllAsync(IReadOnlyList<Func<long, Command>> commands, CancellationToken cancellationToken = default)
    {
        var work = new CommandSequenceWork(commands);
        Post(work);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// As <see cref="ExecuteAllAsync"/>, but answered through <paramref name="answer"/> on the journal
    /// writer's thread once durable, just before the batch's events go to the event streams (see
    /// <see cref="Decide{T}"/>). The callback must return at once.
    /// </summary>
    public void ExecuteAll(IReadOnlyList<Func<long, Command>> commands, Action<CommandResult, Exception?> answer) =>
        Post(new AnsweredCommandSequenceWork(commands, answer));

    // A keyed submit's fingerprint is made here, on the caller's thread, not on the writer loop:
    // the command's data is the same whatever time the loop gives it.
    private static ulong Fingerprint(Func<long, SubmitTask> make, string? idempotencyKey) =>
        idempotencyKey is null ? SubmitFingerprint.Unknown : SubmitFingerprint.Of(make(0).Data);

    /// <summary>Submits a task once per idempotency key: a retry gets the first task's contact id back.</summary>
    public async Task<(CommandResult Result, Guid ContactId, bool Replayed)> SubmitAsync(Func<long, SubmitTask> make, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var work = new CommandWork(make, idempotencyKey, fingerprint: Fingerprint(make, idempotencyKey)) { Parent = System.Diagnostics.Activity.Current?.Context ?? default };
        Post(work);
        var result = await work.Done.Task.WaitAsync(cancellationToken);
        return (result, work.ContactId, work.Replayed);
    }

    /// <summary>Submits a task and reads back a view of it in the same trip through the loop.</summary>
    public async Task<(CommandResult Result, Guid ContactId, T? View, bool Replayed)> SubmitAsync<T>(
        Func<long, SubmitTask> make, string? idempotencyKey, Func<RoutingEngine, long, Guid, T> view, CancellationToken cancellationToken = default)
    {
        var work = new CommandWork(make, idempotencyKey, (engine, now, contact) => view(engine, now, contact), Fingerprint(make, idempotencyKey)) { Parent = System.Diagnostics.Activity.Current?.Context ?? default };
        Post(work);
        var result = await work.Done.Task.WaitAsync(cancellationToken);
        return (result, work.ContactId, (T?)work.View, work.Replayed);
    }

    /// <summary>Runs a command and reads a view right after it, in one trip through the loop; answers once durable.</summary>
    public async Task<(CommandResult Result, T? View)> ExecuteAsync<T>(Func<long, Command> make, Func<RoutingEngine, long, T> view, CancellationToken cancellationToken = default)
    {
        var work = new CommandWork(make, null, (engine, now, _) => view(engine, now));
        Post(work);
        var result = await work.Done.Task.WaitAsync(cancellationToken);
        return (result, (T?)work.View);
    }

    /// <summary>
    /// Decides a command from the engine's state and runs it, in one trip through the loop: the
    /// decision may instead refuse, giving a value in place of the view.
    /// </summary>
    public async Task<(CommandResult Result, T? View)> DecideAsync<T>(Func<RoutingEngine, long, (Command? Command, T? Refusal)> decide, Func<RoutingEngine, long, T> view, CancellationToken cancellationToken = default)
    {
        var work = new DecidedCommandWork<T>(decide, view);
        Post(work);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// As <see cref="DecideAsync{T}"/>, but the answer is handed to <paramref name="answer"/> on the
    /// journal writer's thread once durable, just before the batch's events go to the event streams:
    /// a caller that answers on the same connection as those events sends both in one go. The
    /// callback must return at once.
    /// </summary>
    public void Decide<T>(Func<RoutingEngine, long, (Command? Command, T? Refusal)> decide, Action<CommandResult, T?, Exception?> answer) =>
        Post(new AnsweredCommandWork<T>(decide, answer));

    /// <summary>Reads the engine's state on the loop, after everything posted before it.</summary>
    public async Task<T> QueryAsync<T>(Func<RoutingEngine, long, T> query, CancellationToken cancellationToken = default)
    {
        var work = new QueryWork<T>(query);
        Post(work);
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    // A full intake buffer is refused at once rather than queued without bound: the caller answers 503.
    private void Post(Work work)
    {
        if (!_inbox.Writer.TryWrite(work)) throw new OverloadedException();
    }

    /// <summary>A batch the loop has run, waiting to be made durable before its requests are answered; with a snapshot of the state right after it, now and then.</summary>
    private sealed record PendingBatch(List<JournalEntry> Entries, Work[] Works, PendingSnapshot? Snapshot = null);

    // The loop runs the next batch while the journal writer makes the last ones durable: engine work
    // and fsync overlap, and batches that queue up behind a slow fsync share the next one.
    private readonly Channel<PendingBatch> _durable = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = StartJournalWriter();
        var saver = Task.Factory.StartNew(SaveSnapshots, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        var stoppedCleanly = false;
        try
        {
            await RunLoop(stoppingToken);
            stoppedCleanly = true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while waiting for work: every batch it ran is on its way to the journal. Not
            // rethrown: a host whose start failed cancels without stopping, and would report it as a failure.
            stoppedCleanly = true;
        }
        finally
        {
            _durable.Writer.TryComplete();
            await writer;
            // A loop that failed may have run work whose batch never reached the journal: a snapshot
            // of that state would hold what was never durable.
            if (stoppedCleanly) SnapshotOnStop();
            _toSave.Writer.TryComplete();
            await saver;
        }
    }

    // The loop runs on a thread of its own: on the pool, every wait for work put its next turn at
    // the back of a queue full of the very requests it was to answer, and under load the cores
    // idled while those requests waited for the loop.
    private Task RunLoop(CancellationToken stoppingToken) => OnThreadOfItsOwn("writer loop", () => Loop(stoppingToken));

    private void Loop(CancellationToken stoppingToken)
    {
        var reader = _inbox.Reader;
        var waiting = new BlockingReader<Work>(reader);
        using var wakeOnStop = stoppingToken.Register(waiting.Wake);
        // One timer for the engine's next deadline, moved as the deadline moves; time is the host's
        // TimeProvider, so tests drive it by hand.
        using var deadline = _time.CreateTimer(static state => ((BlockingReader<Work>)state!).Wake(), waiting, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (RunBatch(reader) is { } pending && !_durable.Writer.TryWrite(pending))
                _durable.Writer.WriteAsync(pending, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            // Under load the next requests are already waiting: run them without arming the timer.
            if (reader.TryPeek(out _)) continue;

            waiting.PrepareToWait();
            if (stoppingToken.IsCancellationRequested) break;
            var delay = _engine.NextDeadline is { } next
                ? TimerWait.For(next - Now())
                : Timeout.InfiniteTimeSpan;
            deadline.Change(delay, Timeout.InfiniteTimeSpan);
            waiting.WaitForItemOrWake();
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds() + Volatile.Read(ref _clockBehind);

    // How far this machine's clock is behind the journal's time. The engine never lets time run
    // back; were the loop to wait on the machine's clock instead, every deadline would wait out the
    // gap as well (a 30 s ring timeout five minutes long, after a start on a standby whose clock is
    // behind, a VM restored, or a clock stepped back). So the server's time runs on from the
    // journal's, at the clock's pace, and says so.
    private long _clockBehind;

    private void KeepClockAhead()
    {
        // A step back of less than a second (a time service's correction) is waited out as before: the
        // offset, once taken, stays until a restart, and the reports and traces read the machine's clock.
        var behind = _engine.Now - Now();
        if (behind < 1000) return;
        Volatile.Write(ref _clockBehind, _clockBehind + behind);
        LogClockBehind(behind, _clockBehind);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This machine's clock is {Behind} ms behind the journal's last time; the server's time runs on from the journal's ({Total} ms ahead of the clock) so that deadlines keep their length. Check this machine's clock")]
    private partial void LogClockBehind(long behind, long total);

    private PendingBatch? RunBatch(ChannelReader<Work> reader)
    {
        _entries.Clear();
        _batch.Clear();
        if (_atStart.Count > 0)
        {
            _entries.AddRange(_atStart);
            _atStart.Clear();
        }
        KeepClockAhead();
        var now = Now();
        if (_engine.NextDeadline is { } due && due <= now)
        {
            // The tick is journaled as a command too: a replay fires the same deadlines at the same
            // point, instead of firing them again after the restart and writing their events twice.
            var tick = new Tick(now);
            _engine.Tick(now);
            Keep(now, tick, null);
        }
        while (_batch.Count < MaxBatch && reader.TryRead(out var work))
        {
            work.Run(this, Now());
            _batch.Add(work);
        }
        PublishQueues();
        _sinceSnapshot += _entries.Count;
        AskForSnapshotBuffer();
        var snapshot = SnapshotDue() ? TakeSnapshot() : null;
        return _batch.Count == 0 && _entries.Count == 0 && snapshot is null ? null : new PendingBatch([.. _entries], [.. _batch], snapshot);
    }

    // The writer blocks in every commit's fsync: on a thread of its own it never holds a pool
    // thread that requests need, and the pool does not add threads to make up for it.
    private Task StartJournalWriter() => OnThreadOfItsOwn("journal writer", WriteDurably);

    /// <summary>Runs <paramref name="body"/> on a background thread of its own; the task ends as it does.</summary>
    private static Task OnThreadOfItsOwn(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    private static void Wait(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// The journal writer: appends every batch that is waiting in one durable write, then answers
    /// their requests in order and feeds the event streams. A failed write stops the server: the
    /// engine has moved past what is durable, and only a restart from the journal is safe.
    /// </summary>
    private void WriteDurably()
    {
        var reader = new BlockingReader<PendingBatch>(_durable.Reader);
        var batches = new List<PendingBatch>();
        var entries = new List<JournalEntry>();
        while (reader.TryPeek(out _) || reader.WaitToRead())
        {
            batches.Clear();
            entries.Clear();
            while (reader.TryRead(out var batch))
            {
                batches.Add(batch);
                entries.AddRange(batch.Entries);
            }
            if (entries.Count > 0)
            {
                long last = 0;
                try
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    last = _journal.Append(entries);
                    _metrics?.Committed(started);
                    HandOverSnapshots(batches, last - entries.Count);
                }
                catch (Exception ex)
                {
                    LogJournalFailed(ex);
                    foreach (var batch in batches)
                        foreach (var work in batch.Works) work.Fail(ex);
                    Environment.FailFast("Taskroute: the journal could not be written; restart to recover from what is durable", ex);
                }
                // Answer first: under load every request in flight waits in this one commit, and the
                // cores idle until the answers go out and the next requests come in. The readers
                // fed below never answer from a record they have not caught up to (they wait for
                // the journal's last record), so none sees less for being fed a moment later.
                Complete(batches);
                Publish(entries, last);
            }
            else
            {
                HandOverSnapshots(batches, _journal.LastSequence);
                Complete(batches);
            }
        }
    }

    private static void Complete(List<PendingBatch> batches)
    {
        foreach (var batch in batches)
            foreach (var work in batch.Works) work.Complete();
    }

    /// <summary>Feeds a durable write's records, ending with record <paramref name="last"/>, to everything derived from the journal.</summary>
    private void Publish(List<JournalEntry> entries, long last)
    {
        if (Indexer is not null || Reports is not null)
        {
            Core.Flow.FlowEvent[][] records = [.. entries.Select(e => e.Events)];
            // What ties the index and the reports to this journal (see JournalMark): a hash of bytes already encoded.
            var fingerprint = entries[^1].Fingerprint();
            if (Indexer is not null) Wait(Indexer.Publish(last - entries.Count + 1, records, fingerprint));
            if (Reports is not null) Wait(Reports.Publish(last - entries.Count + 1, records, fingerprint));
        }
        foreach (var entry in entries)
        {
            Streams.Publish(entry.Events);
            Tracing?.Observe(entry.Events);
            if (Logs is not null) Wait(Logs.Publish(entry.Events));
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The journal could not be written; stopping")]
    private partial void LogJournalFailed(Exception exception);

    /// <summary>Adds the last command's events, and the command, to the batch as one record.</summary>
    private void Keep(long time, Command? command, string? idempotencyKey)
    {
        if (_engine.Events.Length == 0 && command is null) return;
        _metrics?.Count(_engine.Events);
        _waits.Observe(_engine, _engine.Events);
        _entries.Add(new JournalEntry(time, command, idempotencyKey, _engine.Events.ToArray()).Encode());
    }

    internal RoutingEngine Engine => _engine;

    /// <summary>The sequence of the last durable journal entry.</summary>
    public long JournalSequence => _journal.LastSequence;

    /// <summary>Why the journal could not take a write now; null when it could.</summary>
    public string? ProbeJournal() => _journal.Probe();

    /// <summary>Tasks waiting in an MRD as of the last batch; readable from any thread, for admission checks.</summary>
    public int QueuedSnapshot(int mrdId)
    {
        var queues = _queues;
        for (var i = 0; i < queues.MrdIds.Length; i++)
            if (queues.MrdIds[i] == mrdId) return Volatile.Read(ref queues.Counts[i]);
        return 0;
    }

    /// <summary>Sizes what the host keeps per MRD for the configuration the engine runs under.</summary>
    private void SizeForConfiguration()
    {
        var mrds = _engine.Configuration.Mrds;
        _queues = new QueueDepthTable([.. mrds.Select(m => m.Id)], new int[mrds.Count]);
        _waits.Reconfigure(_engine.Configuration);
    }

    private sealed record QueueDepthTable(int[] MrdIds, int[] Counts);

    /// <summary>A queued contact's estimated wait, in seconds (see <see cref="WaitEstimates"/>). Call on the loop (inside a query).</summary>
    public int? EstimateWait(Guid contact, long now) => _waits.ForContact(_engine, contact, now);

    /// <summary>The wait of a task queued now on the script selector's MRD. Call on the loop (inside a query).</summary>
    public int? EstimateWait(string scriptSelector, long now) => _waits.ForSelector(_engine, scriptSelector, now);

    /// <summary>The wait of a skill group's or precision queue's tasks, as a queue overview shows it. Call on the loop (inside a query).</summary>
    public int? EstimateWait(in QueueFigures queue, long now) => _waits.ForQueue(in queue, now);

    /// <summary>Queue depth per MRD as of the last batch.</summary>
    public IEnumerable<(int MrdId, int Queued)> QueueDepths()
    {
        var queues = _queues;
        for (var i = 0; i < queues.MrdIds.Length; i++) yield return (queues.MrdIds[i], Volatile.Read(ref queues.Counts[i]));
    }

    private void PublishQueues()
    {
        var queues = _queues;
        for (var i = 0; i < queues.MrdIds.Length; i++) Volatile.Write(ref queues.Counts[i], _engine.QueuedTasks(queues.MrdIds[i]));
    }

    /// <summary>The configuration the engine runs; immutable, so any thread may read it. A configuration change replaces it.</summary>
    public Taskroute.Core.Configuration.RoutingConfiguration Configuration => _engine.Configuration;

    internal (CommandResult Result, Guid ContactId, bool Replayed) RunCommand(Command command, string? idempotencyKey, ulong fingerprint = SubmitFingerprint.Unknown)
    {
        if (idempotencyKey is not null && _idempotency.TryFind(idempotencyKey, command.Time, fingerprint, out var existing))
        {
            if (!IdempotencyKeys.SameRequest(existing.Fingerprint, fingerprint))
                throw new IdempotencyKeyReusedException();
            return (CommandResult.Success(), existing.Contact, true);
        }
        // Admission is decided here, against the queue as it is, not as the last batch left it: a
        // task the API accepts is one the router will queue, never one it drops for a full queue
        // (the tasks still in their scripts count, since they will reach the queue first).
        if (command is SubmitTask admitted && _engine.FullQueue(admitted.Data.ScriptSelector) is { } limit)
            throw new QueueFullException(limit.MrdId, limit.Max);
        var result = _engine.Execute(command);
        if (command is ChangeConfiguration && result.Succeeded) SizeForConfiguration();
        var contact = command is SubmitTask submit ? submit.Data.ContactId : Guid.Empty;
        if (result.Changed)
        {
            Keep(command.Time, command, idempotencyKey);
            if (idempotencyKey is not null) _idempotency.Remember(idempotencyKey, contact, command.Time, fingerprint);
        }
        else if (_engine.Events.Length > 0)
        {
            // The command was refused, but the deadlines its time passed did fire: journal them as a tick.
            Keep(command.Time, new Tick(command.Time), null);
        }
        return (result, contact, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configuration was changed to {Running} while the last server ran; this start was given the same configuration as that one's ({Given}), so {Running} stays. Give another file to change it")]
    private partial void LogKeptRunningConfiguration(string running, string given);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This machine's time zone rules for {Zone} differ from those the configuration {Running} was read with; the server keeps routing on the clock it ran on. To take the new rules, apply the same file (taskroute config apply FILE; --dry-run first shows the change)")]
    private partial void LogKeptZoneClock(string zone, string running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configuration changes from {From} to {To} from now on; open work carried over ({Events} events)")]
    private partial void LogConfigurationChanged(string from, string to, int events);

    // A warning: from this record on there is no way back but the copy taken before the upgrade.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal was written under the router's rules {From} and replayed under them; rules {To} apply from now on. Builds before this one ({Version}) can no longer run on this journal: to go back, restore the copy taken before the upgrade (docs/operations.md, Upgrades)")]
    private partial void LogRoutingUpgraded(int from, int to, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal command {Sequence} was refused on replay: {Status} {Detail}")]
    private partial void LogReplayRefused(long sequence, string status, string? detail);
}
