using System.Text.Json;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Commands;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Watches agents' event streams. When an agent's last stream has been gone for the configured
/// time (a closed browser, a lost network), the agent is signed out of its MRDs, which puts tasks
/// reserved for it back in queue, or by policy only made not routable. A desktop that vanished
/// never leaves an agent holding work.
/// </summary>
public sealed partial class PresenceMonitor
{
    private readonly EngineHost _host;
    private readonly TimeProvider _time;
    private readonly ServerOptions _options;
    private readonly ILogger<PresenceMonitor> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (long Generation, ITimer? Timer)> _gone = [];
    private long _generation;
    // Agents that have had an event stream, kept in the data directory: after a restart no desktop has
    // one yet, and these are given the same time to come back as a desktop whose stream just closed.
    private readonly HashSet<int> _present;
    private readonly string _presentFile;

    public PresenceMonitor(EngineHost host, TimeProvider time, ServerOptions options, ILogger<PresenceMonitor> logger)
    {
        _host = host;
        _time = time;
        _options = options;
        _logger = logger;
        _presentFile = Path.Combine(options.DataDirectory, "presence.json");
        _present = ReadPresent(_presentFile);
        host.Streams.StreamsChanged += OnStreamsChanged;
    }

    /// <summary>
    /// Once the server has started: every agent the journal left signed in that had a desktop before the
    /// restart has the presence timeout to reconnect, as if its stream had just closed. Without it, an
    /// agent whose desktop never came back stayed signed in, and ready, offered tasks that rang out.
    /// </summary>
    public async Task CountAgentsFromBeforeAsync()
    {
        int[] present;
        lock (_lock) present = [.. _present];
        if (present.Length == 0) return;
        try
        {
            var signedIn = await _host.QueryAsync((engine, _) => present.Where(login => engine.AgentMedia(login).Any(m => m.LoggedIn)).ToList());
            ForgetSignedOut(present, signedIn);
            if (_options.PresenceTimeoutSeconds <= 0) return;
            foreach (var login in signedIn) OnStreamsChanged(login, _host.Streams.Streams(login));
        }
        catch (Exception ex) when (ex is OverloadedException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopping already, or swamped at start: those agents are left as before this existed.
            LogNotCounted(ex.Message);
        }
    }

    /// <summary>
    /// Agents from the list signed out of every MRD by the restart need no time to come back: they are
    /// dropped, so the list holds those signed in, not everyone who ever had a desktop, and an agent
    /// who later works only through the REST API is not timed out after the next restart.
    /// </summary>
    private void ForgetSignedOut(int[] present, List<int> signedIn)
    {
        lock (_lock)
        {
            var removed = false;
            var stillIn = signedIn.ToHashSet();
            // One that opened a desktop since the query is present again: it stays.
            foreach (var login in present)
                if (!stillIn.Contains(login) && _host.Streams.Streams(login) == 0) removed |= _present.Remove(login);
            if (removed) WritePresent();
        }
    }

    private void OnStreamsChanged(int loginId, int streams)
    {
        lock (_lock)
        {
            if (streams > 0 && _present.Add(loginId)) WritePresent();
            if (_gone.Remove(loginId, out var previous)) previous.Timer?.Dispose();
            if (streams > 0 || _options.PresenceTimeoutSeconds <= 0) return;
            var generation = ++_generation;
            var timer = _time.CreateTimer(_ => _ = ExpireAsync(loginId, generation), null, TimeSpan.FromSeconds(_options.PresenceTimeoutSeconds), Timeout.InfiniteTimeSpan);
            _gone[loginId] = (generation, timer);
        }
    }

    /// <summary>Whether the agent's presence timeout is running: its last stream is gone and the policy has not applied yet.</summary>
    public bool IsCounting(int loginId)
    {
        lock (_lock) return _gone.ContainsKey(loginId);
    }

    private async Task ExpireAsync(int loginId, long generation)
    {
        lock (_lock)
        {
            if (!_gone.TryGetValue(loginId, out var entry) || entry.Generation != generation) return;
            _gone.Remove(loginId);
            entry.Timer?.Dispose();
        }
        if (_host.Streams.Streams(loginId) > 0) return;
        var mrds = await _host.QueryAsync((engine, _) => engine.AgentMedia(loginId).Where(m => m.LoggedIn).Select(m => m.MrdId).ToList());
        foreach (var mrd in mrds)
        {
            var logout = _options.PresencePolicy == "logout";
            var result = await _host.ExecuteAsync(now => logout ? new SignOut(now, loginId, mrd) : new SetRoutable(now, loginId, mrd, false));
            LogPresence(loginId, mrd, logout ? "signed out" : "made not routable", result.Status.ToString());
        }
    }

    private static HashSet<int> ReadPresent(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<HashSet<int>>(File.ReadAllText(path)) ?? [] : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // A lost list only means agents from before a restart are not timed out: as before it existed.
            return [];
        }
    }

    // Under the lock; once per agent that opens a desktop and once per start, so rare.
    private void WritePresent()
    {
        try
        {
            var written = _presentFile + ".new";
            File.WriteAllText(written, JsonSerializer.Serialize(_present.Order().ToArray()));
            File.Move(written, _presentFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogPresentNotKept(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agents signed in before the restart are not timed out for want of a desktop: {Reason}")]
    private partial void LogNotCounted(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The list of agents with desktops could not be kept in the data directory: after a restart, agents whose desktop does not come back stay signed in")]
    private partial void LogPresentNotKept(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {LoginId} has had no event stream for the presence timeout: {Action} in MRD {Mrd} ({Status})")]
    private partial void LogPresence(int loginId, int mrd, string action, string status);
}
