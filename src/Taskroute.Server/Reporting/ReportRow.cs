using Taskroute.Core.Reporting;

namespace Taskroute.Server.Reporting;

/// <summary>One row of a report as the API gives it: what it is about, when, its counts by name and the figures derived from them.</summary>
public sealed record ReportRow(
    DateTimeOffset Start,
    DateTimeOffset End,
    string Dimension,
    string Id,
    string Name,
    IReadOnlyDictionary<string, long> Counts,
    IntervalFigures Figures)
{
    /// <summary>
    /// Agent and MRD rows: the not-ready time (ms) by reason code, as CCE's reason code reports
    /// break it down; "0" is Not Ready with no reason given. Its values sum to the notReadyMs count.
    /// </summary>
    public IReadOnlyDictionary<string, long> NotReadyByReason { get; init; } = new Dictionary<string, long>();
}
