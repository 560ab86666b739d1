namespace Taskroute.Core.Scripts;

public sealed class Not : Condition
{
    public required Condition Condition { get; init; }
}
