using System.Threading.Channels;
using Taskroute.Cluster;

namespace Taskroute.Server.Cluster;

/// <summary>One event-stream connection's ear on its agent's domain: updates wait here until the connection writes them.</summary>
internal sealed class AgentUpdateListener : IAgentUpdateObserver
{
    // A slow reader loses its oldest updates rather than holding the domain back; it reads the state afresh on reconnecting.
    private readonly Channel<AgentUpdate> _updates = Channel.CreateBounded<AgentUpdate>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });

    public ChannelReader<AgentUpdate> Updates => _updates.Reader;

    public void OnUpdate(AgentUpdate update) => _updates.Writer.TryWrite(update);
}
