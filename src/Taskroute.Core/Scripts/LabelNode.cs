namespace Taskroute.Core.Scripts;

/// <summary>Ends routing by returning a label to the application instead of an agent.</summary>
public sealed class LabelNode : ScriptNode
{
    public string Label { get; init; } = "";
}
