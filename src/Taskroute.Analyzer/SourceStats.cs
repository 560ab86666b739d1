namespace Taskroute.Analyzer;

/// <summary>
/// What was read from one source: lines read, used (part of a recognised message) and skipped
/// (noise, unknown lines, lines cut too short to use), the events found and where the date of
/// its ICM lines came from.
/// </summary>
public sealed record SourceStats
{
    public required string Name { get; init; }
    public required LogComponent Component { get; init; }
    public long Bytes { get; init; }
    public long LinesRead { get; init; }
    public long LinesUsed { get; init; }
    public long LinesSkipped { get; init; }
    public long Events { get; init; }

    /// <summary>Whether the source is grep's output of several files (see <see cref="LogSource.GrepOutput"/>).</summary>
    public bool GrepOutput { get; init; }

    /// <summary>Lines longer than <see cref="MaxLineBytes"/>, read only up to there: what they name past it is not seen.</summary>
    public long LinesCut { get; init; }

    /// <summary>How much of a line is read.</summary>
    public const int MaxLineBytes = ByteLineReader.MaxLine;

    /// <summary>For ICM logs: the date the lines were read on (the first, when the log spans several).</summary>
    public DateOnly? Date { get; init; }

    /// <summary>For ICM logs: "header", "file name", "option", "lines" (dumplog's Cisco Log output), "ids in other logs" (the day CCP or Finesse logged the same ids), "other logs" (the day of the CCP and Finesse lines nearest in time of day) or null when no date was found.</summary>
    public string? DateFrom { get; init; }

    /// <summary>Why the source could not be read to its end, or null.</summary>
    public string? Problem { get; init; }

    /// <summary>What of the analyzer's own output the source is, passed over rather than read; null for a log.</summary>
    public string? OwnOutput { get; init; }
}
