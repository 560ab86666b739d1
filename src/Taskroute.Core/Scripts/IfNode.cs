namespace Taskroute.Core.Scripts;

/// <summary>Branches on a condition over call variables, ECC variables or the time of day.</summary>
public sealed class IfNode : ScriptNode
{
    public required Condition Condition { get; init; }
    public IReadOnlyList<ScriptNode> Then { get; init; } = [];
    public IReadOnlyList<ScriptNode> Else { get; init; } = [];
}
