namespace Taskroute.Core.Scripts;

/// <summary>Holds the script for some seconds; a queued task stays queued meanwhile.</summary>
public sealed class WaitNode : ScriptNode
{
    public int Seconds { get; init; }
}
