using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Taskroute.Analyzer;
using Taskroute.Cli.Output;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute analyze PATH...</c>: reads real UCCE, CCP and Finesse logs (or Taskroute's own
/// component logs) and rebuilds each task's flow across them, as an engineer would by hand.
/// </summary>
internal static class AnalyzeCommand
{
    // Below this, reading is over before a progress bar would say anything.
    private const long ProgressAbove = 8L << 20;

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Log files, folders (read recursively), .zip, .gz, .tar or .tar.gz archives, in any mix.", Arity = ArgumentArity.OneOrMore };
        var task = new Option<string?>("--task") { Description = "Only this task: a task id in any form, a RouterCallKey day:key or (day,key), a SocialContact id or a DialogueID, as the report prints them." };
        var json = new Option<bool>("--json") { Description = "Print the analysis as JSON." };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report with each task's sequence diagram to this file." };
        var date = new Option<string?>("--date") { Description = "The date of ICM lines when neither a dumplog header nor the file name gives one (YYYY-MM-DD)." };
        var tz = new Option<string?>("--tz") { Description = "The ICM servers' UTC offset, e.g. -05:00; guessed from overlapping events when left out." };
        var held = new Option<int?>("--max-events")
        {
            Description = $"Hold about this many events at once (about 300 bytes each; default {new AnalyzerOptions().MaxEventsHeld:N0}). Logs with more are read in time order, a window at a time, each task let go of once it has ended.",
        };
        var command = new Command("analyze", "Rebuild task flows from UCCE (ctisvr, MR PIM, router), CCP and Finesse logs, or Taskroute's own component logs.")
        {
            paths, task, json, html, date, tz, held,
        };
        // Refused while parsing, before a log is read: the analysis of everything else would
        // otherwise be printed first, with the mistyped option counted as a source.
        var known = new[] { task.Name, json.Name, html.Name, date.Name, tz.Name, held.Name };
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => UnknownOption.Is(t.Value)))
                result.AddError(UnknownOption.Message(token.Value, known));
        });
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse, paths, task, json, html, date, tz, held);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Cli.Fail(ex.Message);
            }
        });
        return command;
    }

    private static int Run(ParseResult parse, Argument<string[]> paths, Option<string?> task, Option<bool> json, Option<string?> html, Option<string?> date, Option<string?> tz, Option<int?> held)
    {
        var inputs = parse.GetValue(paths)!;
        // A path that names nothing is reported after the others are analysed, not instead of them.
        var missing = inputs.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (parse.GetValue(html) is { } htmlFile && (string.IsNullOrWhiteSpace(htmlFile) || Directory.Exists(htmlFile)))
            return Cli.Fail($"--html: '{htmlFile}' is not a file name to write the report to");
        // Checked before the logs are read, which can take minutes, rather than when the report is written.
        if (parse.GetValue(html) is { } target && Path.GetDirectoryName(Path.GetFullPath(target)) is { } folder && !Directory.Exists(folder))
            return Cli.Fail($"--html: cannot write to {target}: no such directory {folder}");
        DateOnly? day = null;
        if (parse.GetValue(date) is { } d)
        {
            if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return Cli.Fail($"--date: '{d}' is not YYYY-MM-DD");
            day = parsed;
        }
        TimeSpan? offset = null;
        if (parse.GetValue(tz) is { } z)
        {
            if (!TryOffset(z, out var parsed)) return Cli.Fail($"--tz: '{z}' is not an offset from -14:00 to +14:00, such as -05:00 or +0530");
            offset = parsed;
        }
        var options = new AnalyzerOptions { Date = day, IcmOffset = offset, TaskFilter = parse.GetValue(task) };
        if (parse.GetValue(held) is { } most)
        {
            if (most < 1) return Cli.Fail($"--max-events: {most} is not a number of events; give 1 or more");
            options = options with { MaxEventsHeld = most };
        }
        var size = inputs.Sum(SizeOf);
        var console = Cli.Console();

        // JSON alone is written task by task as the flows are built, so that a day of logs is never
        // held as a whole report; the summary table and the HTML report need every task at once.
        if (parse.GetValue(json) && parse.GetValue(html) is null)
        {
            var streamed = LogAnalyzer.AnalyzeStreamed(inputs, options);
            using (var stdout = Console.OpenStandardOutput()) AnalysisJson.Write(stdout, streamed);
            if (NothingRead(streamed.Report) is { } why) return Cli.Fail(why);
            if (Missing(missing) is { } gone) return Cli.Fail(gone);
            if (options.TaskFilter is not null && streamed.TaskCount == 0)
            {
                Console.Error.WriteLine($"taskroute: no task {options.TaskFilter} in these logs");
                return 1;
            }
            return 0;
        }

        AnalysisSummary summary;
        if (size > ProgressAbove && !parse.GetValue(json) && !Console.IsErrorRedirected && !Console.IsOutputRedirected)
        {
            summary = null!;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask("reading logs", maxValue: size);
                    summary = Analyze(inputs, options, parse.GetValue(html) is not null, new Progress<long>(read => bar.Value = Math.Min(read, size)));
                    bar.Value = size;
                });
        }
        else
        {
            summary = Analyze(inputs, options, parse.GetValue(html) is not null, null);
        }

        var report = summary.Report;
        // No report of nothing: an HTML file or empty tables left behind would pass for an analysis.
        if (missing.Count == inputs.Length) return Cli.Fail($"{string.Join(", ", missing)}: no such file or folder; nothing was analysed");
        if (NothingRead(report) is { } none) return Cli.Fail(none);
        if (parse.GetValue(html) is { } file)
        {
            try
            {
                File.WriteAllText(file, AnalysisHtml.Write(report));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return Cli.Fail(Cli.CannotWrite("--html", file, ex));
            }
            if (!parse.GetValue(json)) console.MarkupLine($"HTML report: {Markup.Escape(Path.GetFullPath(file))}");
        }
        if (parse.GetValue(json))
        {
            using var stdout = Console.OpenStandardOutput();
            AnalysisJson.Write(stdout, report);
        }
        else
        {
            AnalysisView.Summary(console, report, summary.Rows);
            // Timelines for one task asked for, or for a handful; a day of logs gets the summary.
            foreach (var t in summary.Timelines) AnalysisView.Timeline(console, t);
            if (options.TaskFilter is null && summary.Rows.Count > 3)
                console.MarkupLine("[grey]Give --task ID for one task's timeline, or --html FILE for all of them.[/]");
        }
        if (Missing(missing) is { } absent) return Cli.Fail(absent);
        if (options.TaskFilter is not null && summary.Rows.Count == 0)
        {
            Console.Error.WriteLine($"taskroute: no task {options.TaskFilter} in these logs");
            return 1;
        }
        return 0;
    }

    // Every input failed before a line of it could be read (unreadable, a broken archive): the
    // report says why, and the exit code says it is not an analysis of anything.
    // Folders that hold no file are nothing read as well: a script would otherwise take an empty
    // collection for logs without a task in them.
    private static string? NothingRead(AnalysisReport report) =>
        report.Sources.Count == 0 ? "nothing to read: the folders given hold no files"
        : report.Sources.All(s => s.Problem is not null && s.LinesRead == 0)
            ? $"nothing could be read from the {(report.Sources.Count == 1 ? "input" : $"{report.Sources.Count} inputs")}: {report.Sources[0].Name}: {report.Sources[0].Problem}"
            : null;

    /// <summary>What the terminal shows: the report, a row of the summary table per task, and the timelines to draw.</summary>
    private sealed record AnalysisSummary(AnalysisReport Report, IReadOnlyList<string[]> Rows, IReadOnlyList<TaskFlow> Timelines);

    // The HTML report draws every task's events. Without it, only the summary table needs every task,
    // and no more of each than its row's text: a task is let go of once its row is made (timelines
    // are kept for the task asked for, or for three tasks at most).
    private static AnalysisSummary Analyze(string[] inputs, AnalyzerOptions options, bool everyTimeline, IProgress<long>? progress)
    {
        if (everyTimeline)
        {
            var whole = LogAnalyzer.Analyze(inputs, options, progress);
            var shown = options.TaskFilter is not null || whole.Tasks.Count <= 3 ? whole.Tasks : [];
            return new AnalysisSummary(whole, whole.Tasks.Select(t => AnalysisView.Row(t, whole.IcmOffset)).ToList(), shown);
        }
        var streamed = LogAnalyzer.AnalyzeStreamed(inputs, options, progress);
        var clock = streamed.Report.IcmOffset;
        var rows = new List<string[]>();
        var timelines = new List<TaskFlow>();
        foreach (var t in streamed.Tasks)
        {
            rows.Add(AnalysisView.Row(t, clock));
            if (options.TaskFilter is not null || rows.Count <= 3) timelines.Add(t);
            // A fourth task: the summary alone is shown.
            else timelines.Clear();
        }
        return new AnalysisSummary(streamed.Report with { Elapsed = streamed.Elapsed }, rows, timelines);
    }

    // A typo among the paths exits 2, as when nothing could be read: the analysis printed is of the rest.
    private static string? Missing(List<string> missing) =>
        missing.Count == 0 ? null : $"{string.Join(", ", missing)}: no such file or folder; the other inputs were analysed";

    // A file listed but not there by its name (a name not in UTF-8) counts nothing; the analysis names it.
    private static long SizeOf(string path) =>
        File.Exists(path) ? new FileInfo(path).Length
        : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f) is { Exists: true } file ? file.Length : 0)
        : 0;

    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = default;
        text = text.Trim();
        if (text.Length < 2 || text[0] is not ('+' or '-')) return false;
        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length is not (2 or 4) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm)) return false;
        var (hours, minutes) = digits.Length == 2 ? (hhmm, 0) : (hhmm / 100, hhmm % 100);
        // UTC offsets run from -14:00 to +14:00, as .NET's DateTimeOffset takes them.
        if (minutes > 59 || hours * 60 + minutes > 14 * 60) return false;
        offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
        return true;
    }
}
