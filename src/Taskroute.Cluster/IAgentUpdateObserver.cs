namespace Taskroute.Cluster;

/// <summary>A front end's listener for one agent's updates, wherever the agent's connection lives.</summary>
[Alias("Taskroute.IAgentUpdateObserver")]
public interface IAgentUpdateObserver : IGrainObserver
{
    [Alias("OnUpdate")]
    void OnUpdate(AgentUpdate update);
}
