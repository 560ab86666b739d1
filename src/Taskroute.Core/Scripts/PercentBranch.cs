namespace Taskroute.Core.Scripts;

public sealed class PercentBranch
{
    public int Percent { get; init; }
    public IReadOnlyList<ScriptNode> Nodes { get; init; } = [];
}
