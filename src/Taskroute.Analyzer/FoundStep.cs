namespace Taskroute.Analyzer;

/// <summary>
/// One of the seed's nine steps (<see cref="Core.Tracing.TraceBuilder.StepNames"/>) and when the logs
/// show it, or null when they do not. <see cref="Missing"/> only where the task's anomalies say the
/// step is missing (a later step was found, or the task was handled, without it): a step neither
/// found nor missing was not reached, or never is for how the task ended.
/// </summary>
public sealed record FoundStep(int Number, string Name, DateTimeOffset? At, bool Missing = false)
{
    public bool Found => At is not null;
}
