namespace Taskroute.Core.Configuration;

/// <summary>A precision queue: agents are members by their attributes, step by step.</summary>
public sealed class PrecisionQueue
{
    public const int MaxSteps = 10;

    public int Id { get; init; }
    public string Name { get; init; } = "";
    public int MrdId { get; init; }
    public IReadOnlyList<PrecisionQueueStep> Steps { get; init; } = [];
}
