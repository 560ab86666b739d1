using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Taskroute.Cli.Load;

/// <summary>
/// The simulated agents and their submitters on one <see cref="LoadLoop"/>: each agent on its agent
/// channel, each submitter on a kept-alive HTTP connection, with at most one task in flight per agent.
/// </summary>
internal sealed class AgentLoadOnEpoll : IDisposable
{
    // A submitter the rate limiter holds back tries again this much later.
    private static readonly long RetryTicks = Stopwatch.Frequency / 100;

    private readonly LoadLoop _loop = new("taskroute bench load");
    private readonly Uri _server;
    private readonly byte[] _submit;
    private readonly LifecycleTally _tally;
    private readonly RateLimiter? _limiter;
    private readonly Stack<SubmitConnection> _idle = new();
    // Tasks that may still be submitted: one per agent, taken by a submit, given back by its offer.
    private int _permits;

    private AgentLoadOnEpoll(Uri server, int agents, LifecycleTally tally, RateLimiter? limiter, TimeSpan serviceTime)
    {
        _server = server;
        _submit = SubmitConnection.Post(server, "/api/v1/tasks", """{"name":"Load","title":"bench"}""");
        _tally = tally;
        _limiter = limiter;
        _permits = agents;
        ServiceTime = serviceTime;
    }

    public TimeSpan ServiceTime { get; }

    /// <summary>The first failure of the load's own work (not a connection's), which it outlived; null while none.</summary>
    public Exception? Fault => _loop.Fault;

    /// <summary>Connects every agent's channel and every submitter, then starts the load.</summary>
    public static AgentLoadOnEpoll Start(Uri server, IReadOnlyList<(int Login, string Authorization)> agents, int submitters, TimeSpan serviceTime, LifecycleTally tally, RateLimiter? limiter)
    {
        var load = new AgentLoadOnEpoll(server, agents.Count, tally, limiter, serviceTime);
        try
        {
            foreach (var (login, authorization) in agents) _ = new ChannelAgentConnection(load._loop, server, login, authorization, load);
            var connections = Enumerable.Range(0, submitters).Select(_ => load.Submitter()).ToList();
            load._loop.Post(() => connections.ForEach(load.TrySubmit));
            load._loop.Start();
            return load;
        }
        catch
        {
            load.Dispose();
            throw;
        }
    }

    internal void Offered(Guid contact, long stamp)
    {
        _tally.Offered(contact, stamp);
        _permits++;
        if (_idle.TryPop(out var submitter)) TrySubmit(submitter);
    }

    internal LifecycleTally Tally => _tally;

    // An agent whose channel failed is out of the load, as a crashed desktop would be.
    internal void AgentFailed() => _tally.Error();

    // A connection that fails idle waits where it is and is replaced when next used. One that fails
    // with a submit in flight keeps that submit's permit: the server may have made the task, and its
    // offer gives the permit back.
    private SubmitConnection Submitter() => new(_loop, _server, _submit, Answered, (connection, _, inFlight) =>
    {
        if (!inFlight) return;
        _tally.Error();
        _loop.At(Stopwatch.GetTimestamp() + RetryTicks, () => TrySubmit(connection));
    });

    private void TrySubmit(SubmitConnection connection)
    {
        if (connection.Closed)
        {
            try
            {
                connection = Submitter();
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
            {
                _tally.Error();
                _loop.At(Stopwatch.GetTimestamp() + RetryTicks, () => TrySubmit(connection));
                return;
            }
        }
        if (_permits == 0) { _idle.Push(connection); return; }
        if (_limiter is not null)
        {
            using var lease = _limiter.AttemptAcquire(1);
            if (!lease.IsAcquired) { _loop.At(Stopwatch.GetTimestamp() + RetryTicks, () => TrySubmit(connection)); return; }
        }
        _permits--;
        connection.Submit();
    }

    private void Answered(SubmitConnection connection, int status, Guid contact, long sentAt)
    {
        if (status == 201 && contact != Guid.Empty)
        {
            _tally.Submitted(contact, sentAt);
            TrySubmit(connection);
            return;
        }
        // Refused (an overloaded server answers 429 or 503): no task, so its permit comes back, and
        // the submitter waits a little rather than hammering the server with refusals.
        _tally.Error();
        _permits++;
        _loop.At(Stopwatch.GetTimestamp() + RetryTicks, () => TrySubmit(connection));
    }

    public void Dispose() => _loop.Dispose();
}
