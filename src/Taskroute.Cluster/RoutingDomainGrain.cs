using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Modules.Desktop;
using Taskroute.Core.Modules.Desktop.Resources;
using Taskroute.Core.Waiting;
using Taskroute.Storage;
using Taskroute.Storage.Postgres;

namespace Taskroute.Cluster;

/// <summary>
/// A routing domain's activation: it takes the domain's journal over (fencing off any earlier
/// activation still running elsewhere), restores the domain's newest snapshot and replays the
/// journal after it into the engine, and from then on journals every command before answering.
/// Timers fire on a grain timer at their deadlines, journaled as ticks like every other command, so
/// a replay fires them at the same point.
/// </summary>
/// <remarks>
/// Reentrant for group commit: while one batch is being written, the next calls run the engine (on
/// the grain's single thread, never interleaved within a call) and wait for the batch after it.
/// Each call answers only once its own entries are durable.
/// </remarks>
[Reentrant]
public sealed partial class RoutingDomainGrain(DomainCatalog catalog, TimeProvider time, ILogger<RoutingDomainGrain> logger) : Grain, IRoutingDomainGrain
{
    private RoutingEngine _engine = null!;
    private PostgresJournal _journal = null!;
    private PostgresSnapshotStore _snapshots = null!;
    private DomainConfigurations _configurations = null!;
    // Fed from the events of each live command, as a single server's loop does; not journaled.
    private WaitEstimates _waits = null!;
    private long _sinceSnapshot;
    private Task _saving = Task.CompletedTask;

    // Each snapshot is written into the same memory (SnapshotBuffer); the next is taken only once
    // the last is stored.
    private readonly SnapshotBuffer _snapshotBuffer = new();
    private int _tasksInLastSnapshot;
    private (long RestoredSnapshot, int Replayed) _activation;

    // Idempotency keys of the last day's submits, as a single server keeps them: read back from the
    // journal at each activation, so a retry finds its first submit whichever silo holds the domain.
    private readonly IdempotencyKeys _keys = new();
    private static readonly TimeSpan ListenFor = TimeSpan.FromMinutes(1);
    private readonly List<JournalEntry> _pending = [];
    private readonly Dictionary<int, AgentListeners> _listeners = [];
    // This activation's journal epoch: its updates carry it, so a listener tells them from another activation's.
    private long _epoch;
    private Task _writing = Task.CompletedTask;
    private Task? _nextBatch;
    // Set when a batch could not be written: the engine is then ahead of the journal, so nothing more may be run or written here.
    private bool _broken;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var domain = this.GetPrimaryKeyString();
        try
        {
            Activate(domain);
        }
        catch
        {
            // Orleans calls OnDeactivateAsync only for an activation that succeeded: a failed one
            // would keep the journal's writer connection open, and a client retrying every second
            // would run the database out of connections.
            _configurations?.Dispose();
            _snapshots?.Dispose();
            _journal?.Dispose();
            throw;
        }
        this.RegisterGrainTimer(FireDueTimers, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)));
        return Task.CompletedTask;
    }

    private void Activate(string domain)
    {
        // A domain this silo's --domains does not name runs under the configurations its journal
        // names (kept by the silos that do), without changing them: Orleans places a grain on any silo.
        catalog.Domains.TryGetValue(domain, out var configuration);
        _journal = new PostgresJournal(catalog.ConnectionString, DomainCatalog.TableOf(domain), fenced: true);
        _snapshots = new PostgresSnapshotStore(catalog.ConnectionString, DomainCatalog.TableOf(domain));
        // After the journal is taken over: an earlier activation still at work elsewhere cannot add to it meanwhile.
        _configurations = new DomainConfigurations(catalog.ConnectionString, DomainCatalog.TableOf(domain), configuration, catalog.Codec);
        var start = _configurations.Start(_journal.LastSequence == 0, out var assumed);
        if (assumed) LogConfigurationAssumed(domain, RoutingEngine.ConfigurationHashOf(start));
        var restored = RestoreNewestSnapshot(domain, start);
        var replayed = 0;
        foreach (var journaled in _journal.ReadCommands(restored))
        {
            var result = _engine.Execute(journaled.Command);
            // Going on under the configuration before it would route everything after it differently.
            if (!result.Succeeded && journaled.Command is ChangeConfiguration change)
                throw new InvalidOperationException($"routing domain {domain}: journal record {journaled.Sequence} changes to configuration {change.Hash}, which cannot be replayed: " +
                    (_configurations.Find(change.Hash) is null ? _configurations.WhyNotFound(change.Hash) : result.Detail));
            // A newer silo's rules: replaying on under this build's would route what followed differently.
            if (!result.Succeeded && journaled.Command is UpgradeRouting upgrade)
                throw new InvalidOperationException($"routing domain {domain}: journal record {journaled.Sequence} raises the router's rules to {upgrade.Rules}, which this build cannot replay ({result.Detail}): " +
                    "a newer version of Taskroute wrote it; the domain is served again once it is placed on a silo of that version");
            replayed++;
        }
        _activation = (restored, replayed);
        _waits = new WaitEstimates(_configurations.Find(_engine.ConfigurationHash()) ?? start);
        if (_engine.RoutingRulesInForce < RoutingRules.Current)
        {
            // At the journal's last time, when no deadline is due: an outage's deadlines fire after it, under the new rules.
            var upgraded = Run(new UpgradeRouting(_engine.Now > 0 ? _engine.Now : Now(), RoutingRules.Current), null);
            if (!upgraded.Succeeded) throw new InvalidOperationException($"domain {domain}: the router's rules could not be raised to {RoutingRules.Current}: {upgraded.Detail}");
        }
        ChangeToOwnConfiguration(domain);
        _epoch = _journal.Epoch ?? 0;
        foreach (var keyed in _journal.ReadKeyedCommands(Now() - IdempotencyKeys.WindowMilliseconds))
            if (keyed is { IdempotencyKey: { } key, Command: SubmitTask submit }) _keys.Remember(key, submit.Data.ContactId, submit.Time, SubmitFingerprint.Of(submit.Data));
        LogActivated(domain, restored, replayed, _journal.Epoch ?? 0);
    }

    // A journal replays under the router's rules it was written under: the first ones, until its own
    // record raises them (journaled at activation once it has replayed, a new journal's first record
    // included, as a single server does); and under the configurations it names.
    private EngineOptions ReplayOptions() => new() { RoutingRules = RoutingRules.First, Configurations = _configurations.Find };

    /// <summary>
    /// This silo's configuration of the domain applies from now on, as a journaled record (as a
    /// single server started with another file changes to it): the journal ran under another when a
    /// silo with another file held the domain last. Kept as it runs, with a warning, when open work
    /// has no place in this silo's.
    /// </summary>
    private void ChangeToOwnConfiguration(string domain)
    {
        var running = _engine.ConfigurationHash();
        if (_configurations.Own is null || string.Equals(running, _configurations.OwnHash, StringComparison.OrdinalIgnoreCase)) return;
        var changed = Run(new ChangeConfiguration(Math.Max(Now(), _engine.Now), _configurations.OwnHash!), null);
        if (changed.Succeeded)
        {
            // Nothing was measured yet: the activation has served no one.
            _waits = new WaitEstimates(_configurations.Own);
            LogConfigurationChanged(domain, running, _configurations.OwnHash!);
        }
        else LogConfigurationKept(domain, running, _configurations.OwnHash!, changed.Detail ?? "refused");
    }

    // Each attempt restores into an engine of its own: one that fails part way leaves nothing behind.
    private long RestoreNewestSnapshot(string domain, Core.Configuration.RoutingConfiguration configuration)
    {
        _engine = new RoutingEngine(configuration, ReplayOptions());
        IReadOnlyList<Storage.Snapshots.StoredSnapshot> held;
        try
        {
            held = _snapshots.List();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or IOException)
        {
            LogSnapshotIgnored(domain, "the snapshot table", ex.Message);
            return 0;
        }
        foreach (var snapshot in held)
        {
            if (snapshot.Sequence > _journal.LastSequence)
            {
                // Deleted, as a single server does: once the journal (restored from a backup) has grown
                // past it, it would pass for one of its own, and the records it covers are not the journal's.
                LogSnapshotIgnored(domain, snapshot.Source, $"it covers journal record {snapshot.Sequence}, past the journal's last, {_journal.LastSequence}; deleted");
                try
                {
                    _snapshots.Delete(snapshot.Sequence);
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or IOException)
                {
                    LogSnapshotIgnored(domain, snapshot.Source, "it could not be deleted: " + ex.Message);
                }
                continue;
            }
            try
            {
                var engine = new RoutingEngine(configuration, ReplayOptions());
                engine.RestoreSnapshot(snapshot.Read());
                _engine = engine;
                return snapshot.Sequence;
            }
            catch (Exception ex)
            {
                // Damaged, of another configuration or format, or unreadable: the one before it, or a full replay.
                LogSnapshotIgnored(domain, snapshot.Source, ex.Message);
            }
        }
        return 0;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Otherwise listeners would hear of the next activation only when they next listen: the
        // updates it makes until then would not reach them.
        foreach (var (login, listeners) in _listeners)
        {
            var moving = AgentUpdate.MovingAway(login, Now(), _epoch, ++listeners.Sequence);
            listeners.Observers.Notify(l => l.Observer.OnUpdate(moving), l => l.Numbered);
        }
        await _saving;
        _updateWriter.Dispose();
        _snapshots.Dispose();
        _configurations.Dispose();
        _journal.Dispose();
    }

    public async Task<DomainAnswer> Execute(string command)
    {
        if (_broken) throw Moving();
        var decoded = CommandCodec.Decode(command) with { Time = Now() };
        if (decoded is SubmitTask submitted && Full(submitted) is { } full) return full;
        var result = Run(decoded, null);
        await Commit();
        return new DomainAnswer(result.Status.ToString(), result.Detail, result.Task);
    }

    public async Task<DomainAnswer> Submit(string command, string? idempotencyKey)
    {
        if (_broken) throw Moving();
        var now = Now();
        if (CommandCodec.Decode(command) is not SubmitTask asked) throw new ArgumentException("Submit takes a SubmitTask", nameof(command));
        var submit = asked with { Time = now };
        var fingerprint = SubmitFingerprint.Of(submit.Data);
        if (idempotencyKey is not null && _keys.TryFind(idempotencyKey, now, fingerprint, out var first))
        {
            // The first submit may still be on its way to the journal: answer once it is durable.
            await Commit();
            if (!IdempotencyKeys.SameRequest(first.Fingerprint, fingerprint))
                return new DomainAnswer(DomainAnswer.KeyReused, IdempotencyKeys.ReusedMessage, 0);
            // A front end trying its own call again sends the same contact: that is not the client's retry.
            return new DomainAnswer(nameof(ArmStatus.Success), null, 0, first.Contact, Replayed: first.Contact != submit.Data.ContactId);
        }
        if (Full(submit) is { } full) return full;
        var result = Run(submit, idempotencyKey);
        if (result.Succeeded && idempotencyKey is not null) _keys.Remember(idempotencyKey, submit.Data.ContactId, now, fingerprint);
        await Commit();
        return new DomainAnswer(result.Status.ToString(), result.Detail, result.Task, submit.Data.ContactId);
    }

    // As a single server admits: a task given a 201 is one the router will queue, never one it drops
    // for a full queue. Nothing is journaled for a submit turned away (deadlines due are left to the
    // domain's timer, so a refusal has nothing to commit). A front end's retry of a submit that was
    // made after all names a contact the domain has: it runs as before (DuplicateContact), never
    // turned away, or the client would submit a second.
    private DomainAnswer? Full(SubmitTask submit) =>
        _engine.FindContact(submit.Data.ContactId) is null && _engine.FullQueue(submit.Data.ScriptSelector) is { } limit
            ? new DomainAnswer(DomainAnswer.QueueFull, RoutingEngine.QueueFullMessage(limit.MrdId, limit.Max), 0)
            : null;

    private CommandResult Run(Command command, string? idempotencyKey)
    {
        Due(command.Time);
        // Refused before the engine ran: its events are still the last command's, and must not be kept again.
        if (Refusal(command) is { } refused) return refused;
        var result = _engine.Execute(command);
        if (result.Changed) Keep(command, idempotencyKey);
        // A refused command may still have passed deadlines that fired: those are journaled as a tick.
        else if (_engine.Events.Length > 0) Keep(new Tick(command.Time));
        return result;
    }

    // Front ends send only what an API client asked for, so Finesse's rules apply here, before the
    // engine's; commands replayed from the journal never pass this way.
    private CommandResult? Refusal(Command command) =>
        command is ActOnDialog step && _engine.FindDialog(step.Dialog) is { LoginId: var owner } dialog && owner == step.Agent
            ? DialogRules.Refusal(_engine, dialog, step.Action, step.Disposition, step.ScriptSelector)
            : null;

    public Task<ContactAnswer?> Contact(Guid contactId) =>
        Task.FromResult(_engine.FindContact(contactId) is { } c ? Answer(c, Now()) : null);

    public async Task<DomainAnswer> CancelIfUnchanged(Guid contactId, string status, long statusChangedAt)
    {
        if (_broken) throw Moving();
        if (_engine.FindContact(contactId) is { } c && (c.StatusChangedAt != statusChangedAt || c.Status.ToString().ToLowerInvariant() != status))
            return new DomainAnswer(DomainAnswer.Changed, "the task changed since it was read", c.Task, contactId);
        var result = Run(new CancelTask(Now(), contactId), null);
        await Commit();
        return new DomainAnswer(result.Status.ToString(), result.Detail, result.Task);
    }

    public Task<IReadOnlyList<ContactAnswer>> Contacts(int[] statuses, int skip, int take)
    {
        var now = Now();
        return Task.FromResult<IReadOnlyList<ContactAnswer>>([.. _engine.Contacts
            .Where(c => statuses.Length == 0 || statuses.Contains((int)c.Status))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip(skip).Take(take)
            .Select(c => Answer(c, now))]);
    }

    private ContactAnswer Answer(Core.Modules.Ccp.SocialContact c, long now) =>
        new(c.Id, c.Status.ToString().ToLowerInvariant(), c.Task, c.TaskId.IsNone ? "" : c.TaskId.ToString(), c.AgentId)
        {
            StatusReason = c.StatusReason,
            Disposition = c.IsFinished ? (int)c.Disposition : 0,
            AgentLoginId = c.AgentId != 0 ? _engine.FindAgent(c.AgentId)?.LoginId ?? 0 : 0,
            State = _engine.TaskStateOf(c.Id)?.ToString().ToLowerInvariant() ?? "unknown",
            ScriptSelector = c.Data.ScriptSelector,
            FeedId = c.Data.FeedId,
            Name = c.Data.Name,
            Title = c.Data.Title,
            CreatedAt = c.CreatedAt,
            StatusChangedAt = c.StatusChangedAt,
            EstimatedWaitSeconds = c.Status == ContactStatus.Queued ? _waits.ForContact(_engine, c.Id, now) : null,
        };

    public Task<IReadOnlyList<AgentMediaAnswer>> Agent(int loginId) =>
        Task.FromResult<IReadOnlyList<AgentMediaAnswer>>(
            [.. _engine.AgentMedia(loginId).Select(m => new AgentMediaAnswer(m.MrdId, m.State.ToString(), m.NumTasks, m.MaxTaskLimit, m.Routable))]);

    public Task<IReadOnlyList<string>> Dialogs(int loginId) =>
        Task.FromResult<IReadOnlyList<string>>([.. _engine.Dialogs(loginId).Select(d => d.TaskId.ToString())]);

    public Task<string?> AgentResource(int loginId) =>
        Task.FromResult(DesktopResources.Agent(_engine, loginId) is { } agent ? JsonSerializer.Serialize(agent, DesktopJson.Default.AgentResource) : null);

    public Task<string?> DialogResources(int loginId) =>
        Task.FromResult(DesktopResources.Dialogs(_engine, loginId) is { } dialogs ? JsonSerializer.Serialize(dialogs, DesktopJson.Default.ListDialogResource) : null);

    public Task<DialogAnswer?> DialogResource(string dialogId) =>
        Task.FromResult(IcmTaskId.TryParse(dialogId, out var id) && _engine.FindDialog(id) is { } dialog
            ? new DialogAnswer(dialog.LoginId, JsonSerializer.Serialize(DesktopResources.Dialog(_engine, dialog), DesktopJson.Default.DialogResource))
            : null);

    public async Task<DomainAnswer> ChangeMedia(int loginId, string[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (_broken) throw Moving();
        var now = Now();
        var decoded = commands.Select(c => CommandCodec.Decode(c) with { Time = now }).ToList();
        // Each command that runs is journaled: one the change would refuse for its own values
        // (a reason code not configured) is found before any runs, so none is half made.
        var result = decoded.Select(_engine.RefusalBeforehand).FirstOrDefault(r => r is not null) ?? CommandResult.Success();
        if (result.Succeeded)
        {
            foreach (var command in decoded)
            {
                result = Run(command, null);
                if (!result.Succeeded) break;
            }
        }
        var after = result.Succeeded && DesktopResources.Agent(_engine, loginId) is { } agent ? JsonSerializer.Serialize(agent, DesktopJson.Default.AgentResource) : null;
        await Commit();
        return new DomainAnswer(result.Status.ToString(), result.Detail, result.Task, Resource: after);
    }

    public async Task<DomainAnswer> ActOnDialog(string command)
    {
        if (_broken) throw Moving();
        if (CommandCodec.Decode(command) is not Core.Commands.ActOnDialog asked) throw new ArgumentException("ActOnDialog takes an ActOnDialog", nameof(command));
        var step = asked with { Time = Now() };
        var result = Run(step, null);
        // Read in the same turn as the step, as a single server reads it in the same trip through its loop.
        var after = !result.Succeeded ? null
            : _engine.FindDialog(step.Dialog) is { } dialog ? JsonSerializer.Serialize(DesktopResources.Dialog(_engine, dialog), DesktopJson.Default.DialogResource)
            : JsonSerializer.Serialize(new ClosedDialog(step.Dialog.ToDialogId(), nameof(DialogState.CLOSED)), DesktopJson.Default.ClosedDialog);
        await Commit();
        return new DomainAnswer(result.Status.ToString(), result.Detail, result.Task, Resource: after);
    }

    public Task<long> JournalLength() => Task.FromResult(_journal.LastSequence);

    public Task<(long RestoredSnapshot, int Replayed)> Activation() => Task.FromResult(_activation);

    public Task Subscribe(int loginId, IAgentUpdateObserver observer)
    {
        ListenersOf(loginId).Observers.Subscribe(observer, new Listener(observer, Numbered: false));
        return Task.CompletedTask;
    }

    public Task<AgentUpdatePosition> Listen(int loginId, IAgentUpdateObserver observer)
    {
        var listeners = ListenersOf(loginId);
        listeners.Observers.Subscribe(observer, new Listener(observer, Numbered: true));
        return Task.FromResult(new AgentUpdatePosition(_epoch, listeners.Sequence, GrainContext.Address.SiloAddress!));
    }

    public Task Unsubscribe(int loginId, IAgentUpdateObserver observer)
    {
        if (_listeners.TryGetValue(loginId, out var listeners)) listeners.Observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private AgentListeners ListenersOf(int loginId)
    {
        if (!_listeners.TryGetValue(loginId, out var listeners))
        {
            listeners = new AgentListeners(new ObserverManager<IAgentUpdateObserver, Listener>(ListenFor, logger));
            _listeners[loginId] = listeners;
        }
        return listeners;
    }

    // Numbered: subscribed through Listen, by a front end that reads the numbers and the word of a move.
    private sealed record Listener(IAgentUpdateObserver Observer, bool Numbered);

    // Sequence: the number of the last update this activation gave the agent's listeners.
    private sealed class AgentListeners(ObserverManager<IAgentUpdateObserver, Listener> observers)
    {
        public ObserverManager<IAgentUpdateObserver, Listener> Observers { get; } = observers;

        public long Sequence { get; set; }
    }

    private readonly System.Buffers.ArrayBufferWriter<byte> _updateJson = new(512);
    private readonly Utf8JsonWriter _updateWriter = new(new System.Buffers.ArrayBufferWriter<byte>(1));

    // After a batch is durable: its agents' updates to whoever listens for them.
    private void Announce(JournalEntry[] batch)
    {
        if (_listeners.Count == 0) return;
        foreach (var entry in batch)
        {
            foreach (var e in entry.Events)
            {
                if (e.To != Core.Flow.Module.Desktop || e.LoginId == 0 && e.AgentId == 0) continue;
                var login = e.LoginId != 0 ? e.LoginId : _engine.FindAgent(e.AgentId)?.LoginId ?? 0;
                if (!_listeners.TryGetValue(login, out var listeners)) continue;
                // As a single server's stream writes it: front ends pass it on unread.
                _updateJson.ResetWrittenCount();
                _updateWriter.Reset(_updateJson);
                // A message a single server's stream does not send (its updates name none) is not sent here either.
                if (AgentUpdateJson.Write(e, _updateWriter) is not { } name) continue;
                _updateWriter.Flush();
                var update = new AgentUpdate(login, e.Message.ToString(), e.MrdId, e.AgentState.ToString(), e.TaskId.IsNone || e.TaskId == default ? "" : e.TaskId.ToString(), e.NumTasks, e.Time,
                    name, System.Text.Encoding.UTF8.GetString(_updateJson.WrittenSpan), _epoch, ++listeners.Sequence);
                listeners.Observers.Notify(l => l.Observer.OnUpdate(update));
            }
        }
    }

    private Task FireDueTimers()
    {
        if (_broken) return Task.CompletedTask;
        Due(Now());
        return Commit();
    }

    private void Due(long now)
    {
        if (_engine.NextDeadline is not { } due || due > now) return;
        _engine.Tick(now);
        Keep(new Tick(now));
    }

    private void Keep(Command command, string? idempotencyKey = null)
    {
        if (_engine.Events.Length == 0 && command is Tick) return;
        _waits.Observe(_engine, _engine.Events);
        _pending.Add(new JournalEntry(command.Time, command, idempotencyKey, _engine.Events.ToArray()));
    }

    // Joins the batch that starts once the one being written is durable; every call in it answers
    // together. A call that kept nothing still waits for what is pending: its answer may rest on it.
    private Task Commit()
    {
        if (_pending.Count == 0) return _nextBatch ?? _writing;
        if (_nextBatch is { } joined) return joined;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _nextBatch = done.Task;
        // It may take the batch at once (nothing being written), clearing _nextBatch for later calls.
        _ = WriteNextBatch(done);
        return done.Task;
    }

    private async Task WriteNextBatch(TaskCompletionSource done)
    {
        try
        {
            await _writing;
        }
        catch (InvalidOperationException)
        {
            // The batch before failed: this one was run on state that is not durable, and Write refuses it.
        }
        // From here, entries kept by later calls go to the batch after this one.
        var batch = _pending.ToArray();
        _pending.Clear();
        _nextBatch = null;
        // The engine holds exactly what this batch ends with: the moment to copy its state out.
        // Typed null: a bare null would become an empty Memory through its conversion from byte[],
        // and every batch would then try to store an empty snapshot.
        Memory<byte>? snapshot = SnapshotDue(batch.Length) ? TakeSnapshot() : (Memory<byte>?)null;
        var write = Write(batch);
        _writing = write;
        try
        {
            var last = await write;
            if (snapshot is { } taken) _saving = SaveSnapshot(last, taken);
            done.SetResult();
        }
        catch (Exception ex)
        {
            done.SetException(ex);
        }
    }

    private bool SnapshotDue(int records)
    {
        _sinceSnapshot += records;
        // As the single server's: at least as many commands apart as the last snapshot held tasks (EngineHost.SnapshotDue).
        if (catalog.SnapshotEvery <= 0 || _sinceSnapshot < Math.Max(catalog.SnapshotEvery, _tasksInLastSnapshot) || !_saving.IsCompleted) return false;
        _sinceSnapshot = 0;
        return true;
    }

    private Memory<byte> TakeSnapshot()
    {
        _snapshotBuffer.Clear();
        _engine.WriteUnsealedSnapshot(_snapshotBuffer);
        _tasksInLastSnapshot = _snapshotBuffer.Tasks;
        return _snapshotBuffer.Written;
    }

    // Sealing (hashing megabytes) and storing happen off the grain's turn; a snapshot that could
    // not be stored costs only a longer replay at the next activation.
    private Task SaveSnapshot(long sequence, Memory<byte> snapshot)
    {
        var domain = this.GetPrimaryKeyString();
        return Task.Run(() =>
        {
            try
            {
                RoutingEngine.SealSnapshot(snapshot.Span);
                _snapshots.Save(sequence, snapshot);
            }
            catch (Exception ex)
            {
                // Whatever went wrong, only a longer replay follows; a fault kept here would fail the domain's stop.
                LogSnapshotNotSaved(domain, sequence, ex);
            }
        });
    }

    // Answers the journal's last record once the batch is durable, read before any later batch can append.
    private async Task<long> Write(JournalEntry[] batch)
    {
        if (_broken) throw Moving();
        if (batch.Length == 0) return _journal.LastSequence;
        try
        {
            // Without holding a thread: the next calls run meanwhile; one batch is written at a time.
            await _journal.AppendAsync(batch);
            var last = _journal.LastSequence;
            Announce(batch);
            return last;
        }
        catch (Exception ex) when (ex is JournalFencedException or Npgsql.NpgsqlException or IOException)
        {
            // The engine has moved past what is durable: only a new activation, replaying the journal, is safe.
            _broken = true;
            LogCommitFailed(this.GetPrimaryKeyString(), ex);
            DeactivateOnIdle();
            throw Moving();
        }
    }

    private InvalidOperationException Moving() =>
        new($"routing domain '{this.GetPrimaryKeyString()}' could not journal here and is moving to a new activation; retry");

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing domain {Domain} activated: snapshot of journal record {Snapshot} restored, {Commands} commands replayed after it, journal epoch {Epoch}")]
    private partial void LogActivatedFromSnapshot(string domain, long snapshot, int commands, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing domain {Domain} activated: no snapshot, {Commands} commands replayed from the journal's start, journal epoch {Epoch}")]
    private partial void LogActivatedWithoutSnapshot(string domain, int commands, long epoch);

    private void LogActivated(string domain, long snapshot, int commands, long epoch)
    {
        if (snapshot > 0) LogActivatedFromSnapshot(domain, snapshot, commands, epoch);
        else LogActivatedWithoutSnapshot(domain, commands, epoch);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain}: its journal ran under configuration {From}; this silo's, {To}, applies from now on. Every silo should have the same configuration file for a domain (while a change of it is rolled out, this is expected)")]
    private partial void LogConfigurationChanged(string domain, string from, string to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Routing domain {Domain} keeps running under configuration {From}, as its journal did: this silo's, {To}, cannot take over its open work: {Why}. Give every silo the same configuration file for the domain")]
    private partial void LogConfigurationKept(string domain, string from, string to, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain}: its journal was written before configurations were kept beside it; it is replayed under configuration {Hash}, as a silo naming the domain ran it before")]
    private partial void LogConfigurationAssumed(string domain, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain}: snapshot {Source} ignored: {Reason}")]
    private partial void LogSnapshotIgnored(string domain, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain}: the snapshot of journal record {Sequence} could not be stored")]
    private partial void LogSnapshotNotSaved(string domain, long sequence, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain} could not journal; deactivating")]
    private partial void LogCommitFailed(string domain, Exception exception);
}
