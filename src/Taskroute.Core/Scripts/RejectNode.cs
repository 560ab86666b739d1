namespace Taskroute.Core.Scripts;

/// <summary>Ends routing by refusing the task.</summary>
public sealed class RejectNode : ScriptNode
{
    public string? Reason { get; init; }
}
