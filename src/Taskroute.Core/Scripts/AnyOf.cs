namespace Taskroute.Core.Scripts;

/// <summary>True when at least one condition is.</summary>
public sealed class AnyOf : Condition
{
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
