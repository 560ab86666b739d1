using System.Text.Json.Serialization;

namespace Taskroute.Server.Reporting;

/// <summary>
/// Rows of one dimension between two times: per interval (<c>/reports/intervals</c>) or summed over
/// the period per id (<c>/reports/summary</c>), with the period's total over all ids and, for
/// interval reports, each interval's total over all ids (id <c>*</c>).
/// </summary>
public sealed record IntervalReport(
    string By,
    int IntervalMinutes,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ReportRow> Rows,
    ReportRow Total)
{
    /// <summary>Each interval's total over all ids; null (left out of the JSON) in a summary, whose rows are not per interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReportRow>? IntervalTotals { get; init; }
}
