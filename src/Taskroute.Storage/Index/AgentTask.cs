namespace Taskroute.Storage.Index;

/// <summary>A task the router reserved an agent for, and when (Unix milliseconds).</summary>
public readonly record struct AgentTask(int Task, long Time);
