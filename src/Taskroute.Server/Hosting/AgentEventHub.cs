using System.Collections.Concurrent;
using System.Threading.Channels;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Hands each agent's desktop events to that agent's open event streams, once they are durable.
/// Each stream has its own bounded buffer: a stream that stops reading loses its oldest updates,
/// never slows the writer loop.
/// </summary>
public sealed class AgentEventHub
{
    private readonly ConcurrentDictionary<int, ImmutableSubscribers> _streams = new();

    // Own: how many of the channels are the agent's own, opened by the agent's account; a supervisor
    // or an administrator watching an agent does not make the agent present.
    private sealed record ImmutableSubscribers(Channel<FlowEvent>[] Channels, int Own = 0);

    /// <summary>How many streams the agent itself holds open: what its presence is judged by.</summary>
    public int Streams(int loginId) => _streams.TryGetValue(loginId, out var s) ? s.Own : 0;

    /// <summary>Raised with the agent's login id and its number of own open streams whenever that number changes.</summary>
    public event Action<int, int>? StreamsChanged;

    /// <summary>
    /// A stream of the agent's updates; <paramref name="own"/> when the agent opened it (and so is
    /// present while it is open), not someone watching the agent.
    /// </summary>
    public ChannelReader<FlowEvent> Subscribe(int loginId, bool own, out Action unsubscribe)
    {
        var channel = NewStream();
        Subscribe(loginId, channel, own, out unsubscribe);
        return channel.Reader;
    }

    /// <summary>A stream's buffer, as <see cref="Subscribe(int, Channel{FlowEvent}, bool, out Action)"/> expects it; <paramref name="extra"/> places for what its owner writes itself.</summary>
    public static Channel<FlowEvent> NewStream(int extra = 0) =>
        Channel.CreateBounded<FlowEvent>(new BoundedChannelOptions(4096 + extra) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>
    /// Subscribes a buffer the caller keeps the writer of, so that it can wake its own reader too. The
    /// hub writes only events with a login id into it.
    /// </summary>
    public void Subscribe(int loginId, Channel<FlowEvent> channel, bool own, out Action unsubscribe)
    {
        var mine = own ? 1 : 0;
        var now = _streams.AddOrUpdate(loginId, _ => new ImmutableSubscribers([channel], mine), (_, s) => new ImmutableSubscribers([.. s.Channels, channel], s.Own + mine));
        if (own) StreamsChanged?.Invoke(loginId, now.Own);
        unsubscribe = () =>
        {
            channel.Writer.TryComplete();
            var left = _streams.AddOrUpdate(loginId, _ => new ImmutableSubscribers([]), (_, s) => new ImmutableSubscribers(s.Channels.Where(c => c != channel).ToArray(), s.Own - mine));
            if (own) StreamsChanged?.Invoke(loginId, left.Own);
        };
    }

    private ImmutableSubscribers _watchers = new([]);
    private readonly Lock _watchersLock = new();

    /// <summary>A supervisor's stream: one signal per batch that changed an agent's state or a queue.</summary>
    public ChannelReader<FlowEvent> Watch(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<FlowEvent>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_watchersLock) _watchers = new ImmutableSubscribers([.. _watchers.Channels, channel]);
        unsubscribe = () =>
        {
            channel.Writer.TryComplete();
            lock (_watchersLock) _watchers = new ImmutableSubscribers(_watchers.Channels.Where(c => c != channel).ToArray());
        };
        return channel.Reader;
    }

    /// <summary>The dialogs each agent lost while no desktop of its own was open.</summary>
    public AwayDialogs Away { get; } = new();

    /// <summary>Called on the writer loop after a batch is durable.</summary>
    public void Publish(ReadOnlySpan<FlowEvent> events)
    {
        Away.Note(events, this);
        var watchers = Volatile.Read(ref _watchers).Channels;
        if (watchers.Length > 0)
        {
            foreach (ref readonly var e in events)
            {
                if (e.Message is not (MessageType.AGENT_EVENT or MessageType.AGENT_PENDING_STATE_EVENT or MessageType.QUEUED_TASK_EVENT or MessageType.DEVICE_TARGET_PRE_CALL_IND or MessageType.ROUTE_END or MessageType.SOCIAL_CONTACT_UPDATED)) continue;
                foreach (var channel in watchers) channel.Writer.TryWrite(e);
                break;
            }
        }
        if (_streams.IsEmpty) return;
        foreach (ref readonly var e in events)
        {
            if (e.To != Module.Desktop || e.LoginId == 0) continue;
            if (_streams.TryGetValue(e.LoginId, out var subscribers))
                foreach (var channel in subscribers.Channels) channel.Writer.TryWrite(e);
        }
    }
}
