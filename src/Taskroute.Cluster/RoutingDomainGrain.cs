using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Storage;
using Taskroute.Storage.Postgres;

namespace Taskroute.Cluster;

/// <summary>
/// A routing domain's activation: it takes the domain's journal over (fencing off any earlier
/// activation still running elsewhere), replays it into a fresh engine, and from then on journals
/// every command before answering. Timers fire on a grain timer at their deadlines, journaled as
/// ticks like every other command, so a replay fires them at the same point.
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
    private static readonly TimeSpan ListenFor = TimeSpan.FromMinutes(1);
    private readonly List<JournalEntry> _pending = [];
    private readonly Dictionary<int, ObserverManager<IAgentUpdateObserver>> _listeners = [];
    private Task _writing = Task.CompletedTask;
    private Task? _nextBatch;
    // Set when a batch could not be written: the engine is then ahead of the journal, so nothing more may be run or written here.
    private bool _broken;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var domain = this.GetPrimaryKeyString();
        if (!catalog.Domains.TryGetValue(domain, out var configuration))
            throw new InvalidOperationException($"no routing domain '{domain}' in this cluster's configuration");
        _journal = new PostgresJournal(catalog.ConnectionString, DomainCatalog.TableOf(domain), fenced: true);
        _engine = new RoutingEngine(configuration);
        var replayed = 0;
        foreach (var journaled in _journal.ReadCommands())
        {
            _engine.Execute(journaled.Command);
            replayed++;
        }
        LogActivated(domain, replayed, _journal.Epoch ?? 0);
        this.RegisterGrainTimer(FireDueTimers, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _journal.Dispose();
        return Task.CompletedTask;
    }

    public async Task<DomainAnswer> Execute(string command)
    {
        if (_broken) throw Moving();
        var now = Now();
        var decoded = CommandCodec.Decode(command) with { Time = now };
        Due(now);
        var result = _engine.Execute(decoded);
        if (result.Succeeded) Keep(decoded);
        // A refused command may still have passed deadlines that fired: those are journaled as a tick.
        else if (_engine.Events.Length > 0) Keep(new Tick(now));
        await Commit();
        return new DomainAnswer(result.Status.ToString(), result.Detail, result.Task);
    }

    public Task<ContactAnswer?> Contact(Guid contactId) =>
        Task.FromResult(_engine.FindContact(contactId) is { } c
            ? new ContactAnswer(c.Id, c.Status.ToString().ToLowerInvariant(), c.Task, c.TaskId.IsNone ? "" : c.TaskId.ToString(), c.AgentId)
            : null);

    public Task<IReadOnlyList<AgentMediaAnswer>> Agent(int loginId) =>
        Task.FromResult<IReadOnlyList<AgentMediaAnswer>>(
            [.. _engine.AgentMedia(loginId).Select(m => new AgentMediaAnswer(m.MrdId, m.State.ToString(), m.NumTasks, m.MaxTaskLimit, m.Routable))]);

    public Task<IReadOnlyList<string>> Dialogs(int loginId) =>
        Task.FromResult<IReadOnlyList<string>>([.. _engine.Dialogs(loginId).Select(d => d.TaskId.ToString())]);

    public Task<long> JournalLength() => Task.FromResult(_journal.LastSequence);

    public Task Subscribe(int loginId, IAgentUpdateObserver observer)
    {
        if (!_listeners.TryGetValue(loginId, out var manager))
        {
            manager = new ObserverManager<IAgentUpdateObserver>(ListenFor, logger);
            _listeners[loginId] = manager;
        }
        manager.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(int loginId, IAgentUpdateObserver observer)
    {
        if (_listeners.TryGetValue(loginId, out var manager)) manager.Unsubscribe(observer);
        return Task.CompletedTask;
    }

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
                if (!_listeners.TryGetValue(login, out var manager)) continue;
                var update = new AgentUpdate(login, e.Message.ToString(), e.MrdId, e.AgentState.ToString(), e.TaskId.IsNone || e.TaskId == default ? "" : e.TaskId.ToString(), e.NumTasks, e.Time);
                manager.Notify(o => o.OnUpdate(update));
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

    private void Keep(Command command)
    {
        if (_engine.Events.Length == 0 && command is Tick) return;
        _pending.Add(new JournalEntry(command.Time, command, null, _engine.Events.ToArray()));
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
        var write = Write(batch);
        _writing = write;
        try
        {
            await write;
            done.SetResult();
        }
        catch (Exception ex)
        {
            done.SetException(ex);
        }
    }

    private async Task Write(JournalEntry[] batch)
    {
        if (_broken) throw Moving();
        if (batch.Length == 0) return;
        try
        {
            // Without holding a thread: the next calls run meanwhile; one batch is written at a time.
            await _journal.AppendAsync(batch);
            Announce(batch);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing domain {Domain} activated: {Commands} commands replayed, journal epoch {Epoch}")]
    private partial void LogActivated(string domain, int commands, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain} could not journal; deactivating")]
    private partial void LogCommitFailed(string domain, Exception exception);
}
