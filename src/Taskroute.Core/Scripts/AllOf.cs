namespace Taskroute.Core.Scripts;

/// <summary>True when every condition is.</summary>
public sealed class AllOf : Condition
{
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
