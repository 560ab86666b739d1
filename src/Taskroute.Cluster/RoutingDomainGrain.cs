using Microsoft.Extensions.Logging;
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
public sealed partial class RoutingDomainGrain(DomainCatalog catalog, TimeProvider time, ILogger<RoutingDomainGrain> logger) : Grain, IRoutingDomainGrain
{
    private RoutingEngine _engine = null!;
    private PostgresJournal _journal = null!;
    private readonly List<JournalEntry> _pending = [];

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

    public Task<DomainAnswer> Execute(string command)
    {
        var now = Now();
        var decoded = CommandCodec.Decode(command) with { Time = now };
        Due(now);
        var result = _engine.Execute(decoded);
        if (result.Succeeded) Keep(decoded);
        // A refused command may still have passed deadlines that fired: those are journaled as a tick.
        else if (_engine.Events.Length > 0) Keep(new Tick(now));
        Commit();
        return Task.FromResult(new DomainAnswer(result.Status.ToString(), result.Detail, result.Task));
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

    private Task FireDueTimers()
    {
        Due(Now());
        Commit();
        return Task.CompletedTask;
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

    private void Commit()
    {
        if (_pending.Count == 0) return;
        try
        {
            _journal.Append(_pending);
        }
        catch (Exception ex) when (ex is JournalFencedException or Npgsql.NpgsqlException or IOException)
        {
            // The engine has moved past what is durable: only a new activation, replaying the journal, is safe.
            LogCommitFailed(this.GetPrimaryKeyString(), ex);
            DeactivateOnIdle();
            throw new InvalidOperationException($"routing domain '{this.GetPrimaryKeyString()}' could not journal: {ex.Message}; retry");
        }
        finally
        {
            _pending.Clear();
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing domain {Domain} activated: {Commands} commands replayed, journal epoch {Epoch}")]
    private partial void LogActivated(string domain, int commands, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing domain {Domain} could not journal; deactivating")]
    private partial void LogCommitFailed(string domain, Exception exception);
}
