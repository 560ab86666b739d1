namespace Taskroute.Core.Scripts;

/// <summary>
/// Splits tasks among branches by percentage. The split is exact and deterministic (smooth
/// weighted round robin), not random, so replays agree and small samples still match the shares.
/// </summary>
public sealed class PercentNode : ScriptNode
{
    public IReadOnlyList<PercentBranch> Branches { get; init; } = [];
}
