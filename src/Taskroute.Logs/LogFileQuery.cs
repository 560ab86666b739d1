namespace Taskroute.Logs;

/// <summary>
/// Which files <c>logs get</c> takes, with the options of CCE's <c>file get activelog</c>: a time
/// span (<c>reltime</c> or <c>abstime</c>, by modification time), a <c>match</c> regular expression
/// on the file name, and <c>recurs</c> for subfolders. Build one with <see cref="LogFileSelection"/>'s parsers.
/// </summary>
public sealed record LogFileQuery
{
    /// <summary>Only files modified at or after this moment; null for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only files modified at or before this moment; null for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>A regular expression the file name must match somewhere (CCE's <c>match</c>).</summary>
    public System.Text.RegularExpressions.Regex? Match { get; init; }

    /// <summary>Include files in subfolders of the component's folder.</summary>
    public bool Recurs { get; init; }
}
