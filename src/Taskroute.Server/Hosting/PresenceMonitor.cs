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

    public PresenceMonitor(EngineHost host, TimeProvider time, ServerOptions options, ILogger<PresenceMonitor> logger)
    {
        _host = host;
        _time = time;
        _options = options;
        _logger = logger;
        host.Streams.StreamsChanged += OnStreamsChanged;
    }

    private void OnStreamsChanged(int loginId, int streams)
    {
        lock (_lock)
        {
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {LoginId} has had no event stream for the presence timeout: {Action} in MRD {Mrd} ({Status})")]
    private partial void LogPresence(int loginId, int mrd, string action, string status);
}
