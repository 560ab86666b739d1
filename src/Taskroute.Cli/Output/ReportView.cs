using System.Globalization;
using Spectre.Console;
using Taskroute.Core.Reporting;
using Taskroute.Server.Reporting;

namespace Taskroute.Cli.Output;

/// <summary>Reports as terminal tables: one row per id (or per interval and id), the total last.</summary>
internal static class ReportView
{
    public static void Write(IAnsiConsole console, IntervalReport report, bool perInterval, TimeZoneInfo zone)
    {
        console.MarkupLine($"[bold]{Markup.Escape(Title(report.By))}[/] {Time(report.From, zone)} to {Time(report.To, zone)} ({report.IntervalMinutes}-minute intervals)");
        if (report.Rows.Count == 0)
        {
            console.MarkupLine("[grey]Nothing happened in this period.[/]");
            return;
        }
        // Sixteen columns fold headers, ids and names mid-word in a narrow terminal: there, a line naming each row and its figures, each named, beneath.
        if (console.Profile.Width < TraceView.WideEnough)
        {
            foreach (var row in report.Rows) WriteLines(console, row, perInterval, zone, total: false);
            WriteLines(console, report.Total, perInterval, zone, total: true);
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        if (perInterval) table.AddColumn("Interval");
        table.AddColumn("Id");
        table.AddColumn("Name");
        foreach (var heading in new[] { "Offered", "Routed", "Handled", "Aband. queue", "Aband. offered", "Discarded", "RONA", "Transf.", "Service level", "ASA", "Avg queue", "Longest", "AHT", "Occupancy" })
            table.AddColumn(new TableColumn(heading).RightAligned());
        foreach (var row in report.Rows) table.AddRow(Cells(row, perInterval, zone, bold: false));
        table.AddRow(Cells(report.Total, perInterval, zone, bold: true));
        console.Write(table);
    }

    public static void Write(IAnsiConsole console, TaskDetailPage page, TimeZoneInfo zone)
    {
        console.MarkupLine($"[bold]Tasks ended[/] {Time(page.From, zone)} to {Time(page.To, zone)}: {page.Total}{(page.Page is null || (page.Page == 1 && page.Tasks.Count >= page.Total) ? "" : $" (page {page.Page}, {page.PageSize} a page)")}");
        if (page.Tasks.Count == 0) return;
        // Twelve columns fold to nothing in a narrow terminal: there, two lines a task.
        if (console.Profile.Width < TraceView.WideEnough)
        {
            foreach (var t in page.Tasks)
            {
                var queue = t.PrecisionQueueId != 0 ? " PQ " + Id(t.PrecisionQueueId) : t.SkillGroupId != 0 ? " SG " + Id(t.SkillGroupId) : "";
                console.MarkupLine($"[bold]{Markup.Escape(t.TaskId.Length > 0 ? t.TaskId : "#" + t.Task)}[/] ended {Markup.Escape(Time(DateTimeOffset.FromUnixTimeMilliseconds(t.EndedAt), zone))}: {Name(t.Outcome)} (disposition {Id((int)t.Disposition)})");
                console.MarkupLine($"    [grey]{Markup.Escape(t.ScriptSelector ?? "")}{(t.MrdId != 0 ? " MRD " + Id(t.MrdId) : "")}{queue}{(t.LoginId != 0 ? " agent " + Id(t.LoginId) : "")}"
                    + $", answer wait {Seconds(t.AnswerWaitMs)}, handle {Seconds(t.HandleMs)}{(t.RonaCount > 0 ? $", RONA {t.RonaCount}" : "")}{t.WithinServiceLevel switch { true => ", service level met", false => ", service level missed", null => "" }}[/]");
            }
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var heading in new[] { "Ended", "Task id", "Selector", "MRD", "Queue", "Agent", "Outcome", "Disp.", "Answer wait", "Handle", "RONA", "SL" })
            table.AddColumn(heading);
        foreach (var t in page.Tasks)
        {
            table.AddRow(
                Markup.Escape(Time(DateTimeOffset.FromUnixTimeMilliseconds(t.EndedAt), zone)), Markup.Escape(t.TaskId.Length > 0 ? t.TaskId : "#" + t.Task),
                Markup.Escape(t.ScriptSelector ?? ""), t.MrdId != 0 ? Id(t.MrdId) : "", t.PrecisionQueueId != 0 ? "PQ " + Id(t.PrecisionQueueId) : t.SkillGroupId != 0 ? "SG " + Id(t.SkillGroupId) : "",
                t.LoginId != 0 ? Id(t.LoginId) : "", Name(t.Outcome), Id((int)t.Disposition), Seconds(t.AnswerWaitMs), Seconds(t.HandleMs),
                Number(t.RonaCount), ServiceLevel(t.WithinServiceLevel));
        }
        console.Write(table);
    }

    // A miss is said, not left blank: blank is for a task the service level does not count (discarded).
    private static string ServiceLevel(bool? within) => within switch { true => "met", false => "missed", null => "" };

    private static void WriteLines(IAnsiConsole console, ReportRow row, bool perInterval, TimeZoneInfo zone, bool total)
    {
        long C(string name) => row.Counts.TryGetValue(name, out var v) ? v : 0;
        var f = row.Figures;
        var when = perInterval && !total ? Time(row.Start, zone) + "  " : "";
        var what = total ? "All" : $"{row.Id} {row.Name}";
        console.MarkupLine($"{Markup.Escape(when)}[bold]{Markup.Escape(what)}[/]");
        string[] figures =
        [
            $"offered {Number(C("offered"))}", $"routed {Number(C("routed"))}", $"handled {Number(C("handled"))}", $"RONA {Number(C("rona"))}", $"transferred {Number(C("transferred"))}",
            $"abandoned in queue {Number(C("abandonedInQueue"))}", $"abandoned while offered {Number(C("abandonedWhileOffered"))}", $"discarded {Number(C("discarded"))}", $"service level {Percent(f.ServiceLevel)}",
            $"ASA {Seconds(f.AverageSpeedOfAnswerMs)}", $"avg queue {Seconds(f.AverageQueueMs)}", $"longest {Seconds(f.LongestQueueMs == 0 ? null : f.LongestQueueMs)}",
            $"AHT {Seconds(f.AverageHandleMs)}", $"occupancy {Percent(f.Occupancy)}",
        ];
        foreach (var line in FigureLines.Pack(figures, console.Profile.Width - 4)) console.MarkupLine("    " + Markup.Escape(line));
    }

    private static string[] Cells(ReportRow row, bool perInterval, TimeZoneInfo zone, bool bold)
    {
        long C(string name) => row.Counts.TryGetValue(name, out var v) ? v : 0;
        var f = row.Figures;
        var cells = new List<string>();
        if (perInterval) cells.Add(bold ? "" : Time(row.Start, zone));
        cells.Add(row.Id == "*" ? "" : row.Id);
        cells.Add(row.Id == "*" ? "All" : row.Name);
        cells.AddRange([
            Number(C("offered")), Number(C("routed")), Number(C("handled")), Number(C("abandonedInQueue")), Number(C("abandonedWhileOffered")), Number(C("discarded")),
            Number(C("rona")), Number(C("transferred")), Percent(f.ServiceLevel), Seconds(f.AverageSpeedOfAnswerMs), Seconds(f.AverageQueueMs),
            Seconds(f.LongestQueueMs == 0 ? null : f.LongestQueueMs), Seconds(f.AverageHandleMs), Percent(f.Occupancy),
        ]);
        return [.. cells.Select(c => bold ? $"[bold]{Markup.Escape(c)}[/]" : Markup.Escape(c))];
    }

    private static string Title(string by) => by switch
    {
        "mrd" => "By MRD",
        "skillGroup" => "By skill group",
        "precisionQueue" => "By precision queue",
        "agent" => "By agent",
        _ => "By script selector",
    };

    private static string Time(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    // As --outcome, the JSON and the CSV name them.
    private static string Name(TaskOutcome outcome) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // Ids are names, not quantities: no thousands separators (MRD 5011, not 5,011).
    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? value) => value is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Seconds(double? ms) => ms is { } v ? (v / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s" : "—";
}
