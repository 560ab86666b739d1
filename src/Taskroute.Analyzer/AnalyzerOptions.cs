namespace Taskroute.Analyzer;

/// <summary>How to read the logs: what the command line's <c>--date</c>, <c>--tz</c> and <c>--task</c> say.</summary>
public sealed record AnalyzerOptions
{
    /// <summary>The date of ICM lines whose log has neither a dumplog header nor a date in its name.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The ICM servers' UTC offset; null to guess it from events that CCP or Finesse also logged.</summary>
    public TimeSpan? IcmOffset { get; init; }

    /// <summary>
    /// Only the task with this id: a task id in any of its forms, a RouterCallKey <c>day:key</c> or
    /// <c>(day,key)</c>, a SocialContact id, or a DialogueID, bare or as the report prints them
    /// (<c>CID=(day,key)</c>, <c>DialogueID=12</c>). Null for every task.
    /// </summary>
    public string? TaskFilter { get; init; }

    /// <summary>A pause between two consecutive events of a task longer than this is reported.</summary>
    public TimeSpan LongGap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// About how many events the analysis holds at once. Logs with more are read in time order, a window
    /// at a time, and each task is let go of once it has ended (see <see cref="TimeWindows"/>); logs
    /// with fewer are read whole. About 300 bytes of memory an event.
    /// </summary>
    public int MaxEventsHeld { get; init; } = 1_000_000;

    /// <summary>How many bytes of a log are read at a time; small only in tests, to put line ends across reads.</summary>
    internal int ReadBlock { get; init; } = ByteLineReader.DefaultBlock;

    /// <summary>How many sources are read at once.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);
}
