namespace Taskroute.Analyzer;

/// <summary>One of the seed's nine steps (<see cref="Core.Tracing.TraceBuilder.StepNames"/>) and when the logs show it, or null when they do not.</summary>
public sealed record FoundStep(int Number, string Name, DateTimeOffset? At)
{
    public bool Found => At is not null;
}
