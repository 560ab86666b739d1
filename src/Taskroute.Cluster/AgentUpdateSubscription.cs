using System.Threading.Channels;

namespace Taskroute.Cluster;

/// <summary>
/// A front end's subscription to one agent's updates, kept for the life of an event stream: it
/// listens to the agent's domain, listens again every <see cref="RenewEvery"/> (which also tells
/// whether an update went missing or the domain moved), and ends as soon as the cluster declares
/// dead the silo the domain lived on, rather than at its next renewal: the domain's next activation
/// does not know of this listener, and a desktop told to read afresh misses nothing.
/// </summary>
public sealed class AgentUpdateSubscription : IAsyncDisposable
{
    /// <summary>How often the subscription is renewed: well within the minute a domain keeps a listener.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    /// <summary>How soon a renewal that failed (the domain moving, or its database out of reach) is tried again.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly IRoutingDomainGrain _domain;
    private readonly IAgentUpdateObserver _reference;
    private readonly AgentUpdateListener _listener;
    private readonly int _loginId;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task _keeping = Task.CompletedTask;
    private int _disposed;
    private volatile bool _homeDied;

    private AgentUpdateSubscription(IGrainFactory grains, IRoutingDomainGrain domain, AgentUpdateListener listener, int loginId, TimeProvider time)
    {
        _grains = grains;
        _domain = domain;
        _listener = listener;
        _reference = grains.CreateObjectReference<IAgentUpdateObserver>(listener);
        _loginId = loginId;
        _time = time;
    }

    /// <summary>The agent's updates in the order the domain made them; completes when the subscription ends.</summary>
    public ChannelReader<AgentUpdate> Updates => _listener.Updates;

    /// <summary>Why the subscription ended (the desktop should read the agent afresh), or null while it runs.</summary>
    public string? Ended => _listener.Ended;

    /// <summary>Subscribes to the agent's updates; throws as the domain's grain does when it cannot be reached.</summary>
    /// <param name="grains">The silo's grain factory: the listener lives in this silo.</param>
    /// <param name="membership">The silo's view of the cluster, to notice at once the death of the domain's silo.</param>
    /// <param name="time">The server's clock, for renewals and for how long an update that came early waits.</param>
    /// <param name="domain">The agent's domain.</param>
    /// <param name="loginId">The agent.</param>
    public static async Task<AgentUpdateSubscription> OpenAsync(IGrainFactory grains, IClusterMembershipService membership, TimeProvider time, string domain, int loginId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(time);
        var subscription = new AgentUpdateSubscription(grains, grains.GetGrain<IRoutingDomainGrain>(domain), new AgentUpdateListener(time), loginId, time);
        AgentUpdatePosition position;
        try
        {
            position = await subscription._domain.Listen(loginId, subscription._reference);
        }
        catch
        {
            subscription.Release();
            throw;
        }
        subscription._listener.Listening(position);
        subscription._keeping = subscription.KeepAsync(membership, position.Silo);
        return subscription;
    }

    private async Task KeepAsync(IClusterMembershipService membership, SiloAddress home)
    {
        var stop = _stop.Token;
        var homeDied = Dies(membership, home, stop);
        var wait = RenewEvery;
        try
        {
            while (_listener.Ended is null)
            {
                var renewal = Task.Delay(wait, _time, stop);
                if (await Task.WhenAny(renewal, homeDied) == homeDied) break;
                await renewal;
                var listening = _domain.Listen(_loginId, _reference);
                // A call to a silo that just died may wait for its timeout; the death is news enough.
                if (await Task.WhenAny(listening, homeDied) == homeDied)
                {
                    _ = listening.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    break;
                }
                try
                {
                    _listener.Listening(await listening);
                    wait = RenewEvery;
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // Found again shortly: by then a new activation, which ends the listener, or the same one.
                    wait = RetryEvery;
                }
            }
            if (await homeDied)
            {
                _homeDied = true;
                _listener.End("the silo the domain lived on died; the domain moves to another silo");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The stream ended.
        }
    }

    // True once the cluster declares the silo dead; false when the subscription ends first.
    private static async Task<bool> Dies(IClusterMembershipService membership, SiloAddress silo, CancellationToken stop)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stop))
                if (snapshot.GetSiloStatus(silo) == SiloStatus.Dead) return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Orleans' own feed ends quietly when cancelled; others throw.
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync();
        await _keeping;
        // With its silo, the activation that knew this listener is gone: a call would only wake the next one, or wait on the dead silo.
        if (!_homeDied)
        {
            try
            {
                await _domain.Unsubscribe(_loginId, _reference);
            }
            catch (Exception)
            {
                // The subscription lapses by itself within a minute.
            }
        }
        Release();
    }

    private void Release()
    {
        _grains.DeleteObjectReference<IAgentUpdateObserver>(_reference);
        _listener.Dispose();
        _stop.Dispose();
    }
}
