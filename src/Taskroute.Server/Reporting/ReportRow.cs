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
    IntervalFigures Figures);
