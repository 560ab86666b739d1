using System.Globalization;
using System.Text;
using Taskroute.Core.Reporting;

namespace Taskroute.Server.Reporting;

/// <summary>Reports as CSV for spreadsheets: one header line, invariant numbers, ISO 8601 UTC times.</summary>
public static class ReportCsv
{
    private static readonly Counter[] Counters = Enum.GetValues<Counter>();
    private static readonly string[] Figures =
    [
        "serviceLevel", "serviceLevelIgnoringAbandons", "serviceLevelAbandonsNegative", "serviceLevelAbandonsPositive",
        "averageSpeedOfAnswerMs", "averageQueueMs", "averageHandleMs", "occupancy",
    ];

    /// <summary>The report's rows, then its total as a last row with id <c>*</c>; the longest queue time is among the counts.</summary>
    public static string Rows(IntervalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, ["start", "end", "dimension", "id", "name", .. Counters.Select(ReportQuery.Name), .. Figures, "notReadyByReason"]);
        foreach (var row in report.Rows.Append(report.Total))
        {
            var f = row.Figures;
            Line(csv,
            [
                Time(row.Start), Time(row.End), row.Dimension, row.Id, row.Name,
                .. Counters.Select(c => Number(row.Counts[ReportQuery.Name(c)])),
                Number(f.ServiceLevel), Number(f.ServiceLevelIgnoringAbandons), Number(f.ServiceLevelAbandonsNegative), Number(f.ServiceLevelAbandonsPositive),
                Number(f.AverageSpeedOfAnswerMs), Number(f.AverageQueueMs), Number(f.AverageHandleMs), Number(f.Occupancy),
                ReasonCell(row.NotReadyByReason),
            ]);
        }
        return csv.ToString();
    }

    public static string Tasks(IEnumerable<TaskDetailRecord> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var csv = new StringBuilder();
        Line(csv,
        [
            "task", "contactId", "dialogueId", "taskId", "previousTaskId", "scriptSelector", "mrdId", "skillGroupId", "precisionQueueId", "agentId", "loginId",
            "arrivedAt", "answeredAt", "endedAt", "delayMs", "queueMs", "networkMs", "offerMs", "handleMs", "answerWaitMs",
            "outcome", "status", "disposition", "ronaCount", "transferred", "withinServiceLevel",
            .. Enumerable.Range(1, 10).Select(i => "cv_" + i.ToString(CultureInfo.InvariantCulture)), "eccVariables",
        ]);
        foreach (var t in tasks)
        {
            Line(csv,
            [
                Number(t.Task), t.ContactId.ToString(), Id(t.DialogueId), t.TaskId, t.PreviousTaskId, t.ScriptSelector ?? "",
                Id(t.MrdId), Id(t.SkillGroupId), Id(t.PrecisionQueueId), Id(t.AgentId), Id(t.LoginId),
                Time(t.ArrivedAt), t.AnsweredAt is { } a ? Time(a) : "", Time(t.EndedAt),
                Number(t.DelayMs), Number(t.QueueMs), Number(t.NetworkMs), Number(t.OfferMs), Number(t.HandleMs), Number(t.AnswerWaitMs),
                Name(t.Outcome), Name(t.Status), Number((int)t.Disposition), Number(t.RonaCount), t.Transferred ? "true" : "false", Flag(t.WithinServiceLevel),
                .. Enumerable.Range(0, 10).Select(i => i < t.CallVariables.Count ? t.CallVariables[i] ?? "" : ""),
                EccCell(t.EccVariables),
            ]);
        }
        return csv.ToString();
    }

    // One cell holding a JSON object ({"0":6657,"12":30000}), as eccVariables: the reason codes a
    // report meets vary, and a column each would change the header from one report to the next.
    private static string ReasonCell(IReadOnlyDictionary<string, long> reasons)
    {
        if (reasons.Count == 0) return "";
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (reason, ms) in reasons) json.WriteNumber(reason, ms);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // A JSON object: names and values may hold any character (a ';' or '=' in a value made the old
    // name=value;... form impossible to split back), and every language reads it.
    private static string EccCell(IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        if (variables.Count == 0) return "";
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            // A name given twice (journaled before such submits were refused) keeps its first value, as the task API shows it.
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, value) in variables)
                if (written.Add(name)) json.WriteString(name, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) csv.Append(',');
            first = false;
            csv.Append(Escape(field));
        }
        csv.Append("\r\n");
    }

    // Quotes what needs quoting, and defuses text a spreadsheet would run as a formula (task variables come from outside).
    private static string Escape(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            field = "'" + field;
        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Time(long ms) => Time(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    // An id of 0 is none (a task that never reached a queue or an agent): an empty cell, as for any absent value, not a 0 to sum.
    private static string Id(int value) => value == 0 ? "" : Number(value);

    // As the JSON answer and the outcome filter name them (handled, abandonedInQueue), not as C# does.
    private static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    // As the JSON's true, false and null: a task outside the service level is an empty cell, not a miss.
    private static string Flag(bool? value) => value switch { true => "true", false => "false", null => "" };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
