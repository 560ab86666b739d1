using System.Globalization;
using Spectre.Console;
using Taskroute.Analyzer;

namespace Taskroute.Cli.Output;

/// <summary>An analysis for people: a summary table of tasks, then each task's timeline across the components.</summary>
internal static class AnalysisView
{
    // A table holds every cell it draws as objects of its own, a few hundred bytes each: a day of
    // logs is drawn as tables of this many rows, each let go of once written, with the same widths.
    private const int RowsPerTable = 1_000;

    /// <summary>The task's agent and login as "5172 / 1080", the agent alone when no line named its login; empty with no agent.</summary>
    public static string Agent(TaskFlow t) => t.AgentId == 0 ? "" : t.LoginId == 0 ? $"{t.AgentId}" : $"{t.AgentId} / {t.LoginId}";

    /// <summary>A task's row of the summary table, its times on the ICM servers' clock (<paramref name="clock"/>).</summary>
    public static string[] Row(TaskFlow t, TimeSpan clock)
    {
        // Each time is read with its own log's offset; shown side by side they are put on one clock,
        // the ICM servers', and the columns say which.
        // Dated in full here: the summary drops the date when every task is of one day (see Summary).
        string Time(DateTimeOffset? at) => at is { } v ? v.ToOffset(clock).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";
        return
        [
            t.Id, t.ContactId == Guid.Empty ? "" : t.ContactId.ToString(), Agent(t),
            $"{t.Steps.Count(s => s.Found)}/9", Time(t.OfferedAt), Time(t.StartedAt), Time(t.EndedAt), Ms(t.Timings.AnswerWait), Ms(t.Timings.Handle),
            string.Join(", ", t.Anomalies.Select(a => a.Kind).Distinct()),
        ];
    }

    public static void Summary(IAnsiConsole console, AnalysisReport report, IReadOnlyList<string[]> rows)
    {
        var zone = AnalysisJson.Offset(report.IcmOffset);
        // Logs of one day show times of day, and the day once; logs of several show each time's date.
        var day = OneDay(rows);
        if (day is not null)
            foreach (var cells in rows)
                for (var i = TimeColumns.Start.Value; i < TimeColumns.End.Value; i++)
                    if (cells[i].Length > DatePrefix) cells[i] = cells[i][DatePrefix..];
        string[] headers = ["task", "contact", "agent", "steps", $"offered ({zone})", $"started ({zone})", $"ended ({zone})", "answer wait", "handle", "anomalies"];
        var widths = headers.Select(h => h.GetCellWidth()).ToArray();
        foreach (var cells in rows)
            for (var i = 0; i < cells.Length; i++) widths[i] = Math.Max(widths[i], cells[i].GetCellWidth());
        // Each column is as wide as its widest cell, which is what the table would measure for itself
        // cell by cell when the whole fits the console; told so, it skips that measuring (and tables
        // drawn a thousand rows at a time line up).
        var fits = widths.Sum(w => w + 3) + 1 <= console.Profile.Width;
        var anomaly = new Style(Color.Yellow);
        // A terminal too narrow for the table (80 columns) gets each task as a few lines instead of
        // columns folded until the ids wrap over many lines and the headers are cut.
        if (!fits) SummaryLines(console, report, headers, rows, day);
        for (var from = 0; fits && (from == 0 || from < rows.Count); from += RowsPerTable)
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (from == 0) table.Title($"{rows.Count} task(s){(day is null ? "" : " on " + day)} in {SourceCount(report)} source(s), {report.BytesRead:N0} bytes in {report.Elapsed.TotalSeconds:0.0} s");
            foreach (var header in headers)
                table.AddColumn(header is "answer wait" or "handle" ? new TableColumn(header).RightAligned() : new TableColumn(header));
            for (var r = from; r < Math.Min(rows.Count, from + RowsPerTable); r++)
            {
                var cells = rows[r];
                table.AddRow(cells.Select((text, i) => new Text(text, i == cells.Length - 1 ? anomaly : Style.Plain)));
            }
            for (var i = 0; i < widths.Length; i++) table.Columns[i].Width = widths[i];
            console.Write(table);
        }

        var sources = new Table().Border(TableBorder.Rounded).Title("Sources")
            .AddColumn("source").AddColumn("component").AddColumn(new TableColumn("lines").RightAligned()).AddColumn(new TableColumn("used").RightAligned())
            .AddColumn(new TableColumn("skipped").RightAligned()).AddColumn(new TableColumn("events").RightAligned()).AddColumn("date from");
        foreach (var s in report.Sources)
            sources.AddRow(Markup.Escape(s.Name), LogComponentNames.Of(s.Component), N(s.LinesRead), N(s.LinesUsed), N(s.LinesSkipped), N(s.Events),
                Markup.Escape((s.DateFrom ?? "") + (s.Problem is null ? "" : " " + s.Problem)));
        console.Write(sources);
        console.MarkupLine($"ICM clock at {AnalysisJson.Offset(report.IcmOffset)}{(report.IcmOffsetGuessed ? " (guessed)" : "")}.");
        foreach (var note in report.Notes) console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
    }

    // The offered, started and ended columns, and the length of "yyyy-MM-dd " before their times.
    private static readonly Range TimeColumns = 4..7;
    private const int DatePrefix = 11;

    private static string? OneDay(IReadOnlyList<string[]> rows)
    {
        string? day = null;
        foreach (var cells in rows)
            for (var i = TimeColumns.Start.Value; i < TimeColumns.End.Value; i++)
            {
                if (cells[i].Length <= DatePrefix) continue;
                var date = cells[i][..(DatePrefix - 1)];
                if (day is null) day = date;
                else if (day != date) return null;
            }
        return day;
    }

    /// <summary>
    /// The sources the summary counts: a path given that names nothing is a typo, not a source, and
    /// is named in the notes and on the sources' table instead.
    /// </summary>
    internal static int SourceCount(AnalysisReport report) => report.Sources.Count(s => s.Problem != LogSources.MissingProblem);

    private static void SummaryLines(IAnsiConsole console, AnalysisReport report, string[] headers, IReadOnlyList<string[]> rows, string? day)
    {
        console.MarkupLine($"[bold]{rows.Count} task(s){(day is null ? "" : " on " + day)} in {SourceCount(report)} source(s), {report.BytesRead:N0} bytes in {report.Elapsed.TotalSeconds:0.0} s[/]");
        foreach (var cells in rows)
        {
            // task, contact, agent, steps, offered, started, ended, answer wait, handle, anomalies
            var first = $"[bold]{Markup.Escape(cells[0])}[/]  steps {cells[3]}" + (cells[2].Length > 0 ? $"  agent {Markup.Escape(cells[2])}" : "");
            var times = string.Join("  ", Enumerable.Range(4, 5).Where(i => cells[i].Length > 0 && cells[i] != "—").Select(i => $"{headers[i]} {cells[i]}"));
            console.MarkupLine(first);
            if (cells[1].Length > 0) console.MarkupLine($"  contact {cells[1]}");
            if (times.Length > 0) console.MarkupLine($"  {Markup.Escape(times)}");
            if (cells[9].Length > 0) console.MarkupLine($"  [yellow]{Markup.Escape(cells[9])}[/]");
        }
        console.WriteLine();
    }

    public static void Timeline(IAnsiConsole console, TaskFlow t)
    {
        // ✗ only for a step the logs should hold and do not; a step not reached (yet, or ever) is a dash.
        var steps = string.Join("  ", t.Steps.Select(s => (s.Found ? "[green]✓[/]" : s.Missing ? "[red]✗[/]" : "[grey]–[/]") + s.Number));
        // A task across midnight (or logs of several days) dates each row: 00:02 after 23:59 would read as earlier.
        var format = t.Timeline.Select(e => e.At.Date).Distinct().Skip(1).Any() ? "yyyy-MM-dd HH:mm:ss.fff zzz" : "HH:mm:ss.fff zzz";
        console.Write(new Rule($"[bold]Task {Markup.Escape(t.Id)}[/]").LeftJustified());
        console.MarkupLine($"steps {steps}   timings: delay {Ms(t.Timings.Delay)}, queue {Ms(t.Timings.Queue)}, network {Ms(t.Timings.Network)}, offer {Ms(t.Timings.Offer)}, handle {Ms(t.Timings.Handle)}, answer wait [bold]{Ms(t.Timings.AnswerWait)}[/]");
        foreach (var a in t.Anomalies) console.MarkupLine($"[yellow]{a.Kind}[/] {a.At?.ToString(format, CultureInfo.InvariantCulture)} {Markup.Escape(a.Detail)}");
        // The table needs about 140 columns before its ids and sources have room; a narrower terminal
        // (80 columns) gets each event as a line, with its ids under it, instead of a table folded
        // to nothing.
        var table = console.Profile.Width >= WideTimeline ? new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("time").NoWrap()).AddColumn("component").AddColumn(new TableColumn("from → to").NoWrap())
            .AddColumn(new TableColumn("message").NoWrap()).AddColumn("ids").AddColumn("source") : null;
        foreach (var e in t.Timeline)
        {
            var ids = string.Join(' ', new[]
            {
                e.ContactId == Guid.Empty ? null : "contact=" + e.ContactId,
                e.DialogueId == 0 ? null : "DialogueID=" + e.DialogueId,
                e.RouterCallKey == 0 ? null : $"CID=({e.RouterCallKeyDay},{e.RouterCallKey})",
                e.TaskId.IsNone ? null : "TaskID=" + e.TaskId,
                e.AgentId == 0 ? null : "ICMAgentID=" + e.AgentId,
                e.LoginId == 0 ? null : "Login=" + e.LoginId,
                e.MrdId == 0 ? null : "MRDID=" + e.MrdId,
                e.SkillGroupId == 0 ? null : "SkillGroup=" + e.SkillGroupId,
                e.AgentStateName is { } s ? "state=" + s : null,
            }.Where(x => x is not null));
            var at = e.At.ToString(format, CultureInfo.InvariantCulture);
            var source = $"{Path.GetFileName(e.Source)}:{e.Line}";
            if (table is null)
            {
                console.MarkupLine($"{at}  {LogComponentNames.Of(e.Component)}  {Markup.Escape($"{e.From} → {e.To}")}  [bold]{Markup.Escape(e.Message)}[/]");
                console.MarkupLine($"  [grey]{Markup.Escape(ids)}{(ids.Length > 0 ? "  " : "")}{Markup.Escape(source)}[/]");
                continue;
            }
            table.AddRow(at, LogComponentNames.Of(e.Component), $"{e.From} → {e.To}", $"[bold]{Markup.Escape(e.Message)}[/]", Markup.Escape(ids), Markup.Escape(source));
        }
        if (table is not null) console.Write(table);
    }

    private const int WideTimeline = 140;

    private static string Ms(long? ms) => ms is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) + " ms" : "—";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
