namespace Taskroute.Analyzer;

/// <summary>What <c>LogAnalyzer.Analyze</c> found: the tasks, what each source gave, and notes in words.</summary>
public sealed record AnalysisReport
{
    /// <summary>Tasks in the order their first event happened; of logs read in time windows (<see cref="AnalyzerOptions.MaxEventsHeld"/>), in the order they ended.</summary>
    public required IReadOnlyList<TaskFlow> Tasks { get; init; }

    public required IReadOnlyList<SourceStats> Sources { get; init; }

    /// <summary>Sentences about how the logs were read: the ICM offset and whether it was guessed, dates, sources not understood.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The UTC offset taken for the ICM servers' clocks.</summary>
    public TimeSpan IcmOffset { get; init; }

    /// <summary>True when <see cref="IcmOffset"/> was guessed rather than given.</summary>
    public bool IcmOffsetGuessed { get; init; }

    /// <summary>Events about no task that could be found (an agent's state changes between tasks, for one).</summary>
    public long UnattachedEvents { get; init; }

    public long BytesRead { get; init; }
    public TimeSpan Elapsed { get; init; }
}
