using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Taskroute.Cli.Output;
using Taskroute.Cli.Remote;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Core.Reporting;
using Taskroute.Server.Configuration;
using Taskroute.Server.Reporting;
using Taskroute.Server.Tracing;
using Taskroute.Storage.Reports;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute report summary|intervals|tasks</c>: the reports a manager reads, from a running
/// server or straight from a data directory, as tables, JSON or CSV.
/// </summary>
internal static class ReportCommand
{
    // Output for a terminal or a file, never a web page: times keep their '+' (not \u002B), as analyze writes them.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private enum Kind { Summary, Intervals, Tasks }

    public static Command Create()
    {
        var command = new Command("report", "Reports from the journal: per interval, per MRD, skill group, precision queue, agent or script selector, and task details.");
        command.Subcommands.Add(Sub(Kind.Summary, "summary", "The period's figures summed, one row per MRD, queue, agent or selector, and the total."));
        command.Subcommands.Add(Sub(Kind.Intervals, "intervals", "The figures per interval (15 or 30 minutes, as the server is set)."));
        command.Subcommands.Add(Sub(Kind.Tasks, "tasks", "Task detail records: one per ended task, with its ids, timings, outcome and variables."));
        return command;
    }

    private static Command Sub(Kind kind, string name, string description)
    {
        var by = new Option<string?>("--by") { Description = "mrd (default), skillGroup, precisionQueue, agent or scriptSelector." };
        var id = new Option<string?>("--id") { Description = "Only this MRD, queue, agent (login id) or selector." };
        var day = new Option<string?>("--day") { Description = "A day, YYYY-MM-DD, in this machine's time zone (or UTC with --utc)." };
        var from = new Option<string?>("--from") { Description = "The period's start, ISO 8601 or Unix milliseconds (default: today, in this machine's time zone or UTC with --utc)." };
        var to = new Option<string?>("--to") { Description = "The period's end (exclusive)." };
        var server = new Option<string?>("--server") { Description = $"The server to ask (default ${ServerClient.ServerVariable}, else {ServerClient.DefaultServer})." };
        var data = new Option<string?>("--data") { Description = "Read this data directory's journal instead of asking a server (for a stopped server)." };
        var config = new Option<string?>("--config") { Description = "With --data: the configuration file the server ran; default the one it last ran under, which the data directory keeps (the built-in lab for a data directory from before 2026-12-07)." };
        var interval = new Option<int>("--interval") { Description = "With --data: interval minutes, 15 or 30 (default: the interval the server kept the reports in, else 30)." };
        var json = new Option<bool>("--json") { Description = "Print JSON for machines." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV for spreadsheets." };
        var user = new Option<string?>("--user") { Description = "A supervisor or administrator (default $TASKROUTE_USER)." };
        var password = new Option<string?>("--password") { Description = "Its password (default $TASKROUTE_PASSWORD)." };
        var utc = new Option<bool>("--utc") { Description = "Show times, and read --day, in UTC rather than this machine's local time." };
        var outcome = new Option<string?>("--outcome") { Description = "Tasks only: handled, abandonedInQueue, abandonedWhileOffered or discarded." };
        var page = new Option<int>("--page") { Description = "Tasks only: the page, from 1.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Tasks only: tasks per page, 1 to 1000.", DefaultValueFactory = _ => 100 };
        var command = new Command(name, description) { by, id, day, from, to, server, data, config, interval, json, csv, user, password, utc };
        if (kind == Kind.Tasks)
        {
            command.Options.Add(outcome);
            command.Options.Add(page);
            command.Options.Add(pageSize);
        }
        command.SetAction(async (parse, cancellation) =>
        {
            // Each time with the offset of its own instant, not today's: a day across a clock change reads as the clocks showed it.
            var zone = parse.GetValue(utc) ? TimeZoneInfo.Utc : TimeZoneInfo.Local;
            if (parse.GetValue(json) && parse.GetValue(csv)) return Cli.Fail("give --json or --csv, not both");
            if (!ReportQuery.TryParseDimension(parse.GetValue(by), out var dimension))
                return Cli.Fail($"--by: '{parse.GetValue(by)}' is not one of mrd, skillGroup, precisionQueue, agent, scriptSelector");
            var (fromText, toText) = (parse.GetValue(from), parse.GetValue(to));
            // Without a period, today in the zone the times are shown in, as --day means it: the
            // server's own default is the UTC day, which a reader east or west of it did not ask for.
            var dayGiven = parse.GetValue(day);
            if (dayGiven is null && fromText is null && toText is null)
                dayGiven = LocalDay.Today(zone, DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            (DateTimeOffset Start, DateTimeOffset End)? dayBounds = null;
            if (dayGiven is { } dayText)
            {
                if (parse.GetValue(day) is not null && (fromText is not null || toText is not null)) return Cli.Fail("give --day or --from/--to, not both");
                if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return Cli.Fail($"--day: '{dayText}' is not a date like 2024-01-30");
                dayBounds = LocalDay.Bounds(date, zone);
                (fromText, toText) = (Iso(dayBounds.Value.Start), Iso(dayBounds.Value.End));
            }
            if (!TraceQuery.TryParseTime(fromText, out var since)) return Cli.Fail($"--from: '{fromText}' is neither ISO 8601 nor Unix milliseconds");
            if (!TraceQuery.TryParseTime(toText, out var until)) return Cli.Fail($"--to: '{toText}' is neither ISO 8601 nor Unix milliseconds");
            TaskOutcome? wanted = null;
            if (parse.GetValue(outcome) is { } o)
            {
                if (!Enum.TryParse<TaskOutcome>(o, ignoreCase: true, out var parsed) || int.TryParse(o, out _)) return Cli.Fail($"--outcome: '{o}' is not one of handled, abandonedInQueue, abandonedWhileOffered, discarded");
                wanted = parsed;
            }
            // With --server too: the same command line is then refused whichever source it names.
            if (parse.GetResult(interval) is { Implicit: false } && parse.GetValue(interval) is not (15 or 30)) return Cli.Fail("--interval: must be 15 or 30");
            // A running server keeps its reports in its own intervals; one asked for would be ignored.
            if (parse.GetResult(interval) is { Implicit: false } && parse.GetValue(data) is null)
                return Cli.Fail("--interval: only with --data (a running server answers in the intervals it keeps its reports in, --report-interval)");
            if (kind == Kind.Tasks && parse.GetValue(pageSize) is < 1 or > 1000) return Cli.Fail("--page-size: must be 1 to 1000");
            if (kind == Kind.Tasks && parse.GetValue(page) < 1) return Cli.Fail("--page: must be 1 or more");
            if (kind == Kind.Tasks && parse.GetValue(id) is null && parse.GetValue(by) is not null) return Cli.Fail("--by needs --id for tasks");
            // Without --page or --page-size, every task of the period: a file of "a detail record per ended task" that stopped at 100 would look whole.
            var everyPage = kind == Kind.Tasks && parse.GetResult(page) is not { Implicit: false } && parse.GetResult(pageSize) is not { Implicit: false };

            try
            {
                object answer;
                string? csvText = null;
                if (parse.GetValue(data) is { } directory)
                {
                    if (parse.GetValue(server) is not null) return Cli.Fail("give either --server or --data, not both");
                    var path = Path.Combine(directory, "journal.db");
                    if (!File.Exists(path)) return Cli.Fail($"no journal at {path}: is {directory} a Taskroute data directory?");
                    if (!OfflineDataDirectory.TryHold(directory, "report", out var held, out var why)) return Cli.Fail(why!);
                    using var holding = held;
                    RoutingConfiguration configuration;
                    try
                    {
                        configuration = parse.GetValue(config) is { } file ? ConfigurationFile.Load(file) : new Server.Hosting.ConfigurationArchive(directory).Running() ?? LabConfiguration.Create();
                    }
                    catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                    {
                        return Cli.Fail(Cli.CannotRead("--config", parse.GetValue(config)!, ex));
                    }
                    using var journal = new SqliteJournal(path);
                    // The server keeps the reports current while it runs; without one, bring them up to date here.
                    // The server's interval, as its reports were kept: another would empty them to count them again.
                    var reportsFile = Path.Combine(directory, "reports.db");
                    var minutes = parse.GetResult(interval) is { Implicit: false } ? parse.GetValue(interval) : ReportStore.KeptIntervalMinutes(reportsFile) ?? 30;
                    using var store = DerivedFile.Open(reportsFile, file => new ReportStore(file, minutes), note => Console.Error.WriteLine("taskroute: " + note));
                    if (store.DiscardUnlessOf(journal) is { } misfit) Console.Error.WriteLine($"taskroute: the reports were not counted from this journal ({misfit}): counting them again");
                    var builder = new ReportBuilder(configuration, store.IntervalMinutes);
                    // The agents and selectors of every configuration the journal ran under, the one read last winning.
                    foreach (var earlier in new Server.Hosting.ConfigurationArchive(directory).All()) builder.Learn(earlier);
                    builder.Learn(configuration);
                    store.CatchUp(journal, builder);
                    // One now for the whole report: the same journal and the same now give the same figures.
                    var now = new FixedTime(TimeProvider.System.GetUtcNow());
                    // A task the journal leaves waiting past its threshold counts against the service
                    // level by now, as the live server counts it with no event to carry it; saved, as
                    // the server saves it, so the kept reports and a recount agree and it counts once.
                    if (builder.NextThreshold is not null)
                    {
                        builder.PassTime(ReportKeeper.ThresholdsSettledBy(now.GetUtcNow()));
                        store.Save(builder, store.Mark.Fingerprint);
                    }
                    // Agents the journal leaves signed in count their time in their last state up to
                    // now, as the server counts it while it runs and once it is started again.
                    var agents = builder.AgentSpans();
                    var query = new ReportQuery(store, () => configuration, now, () => agents, () => null);
                    if (dayBounds is { } bounds) (since, until) = LocalDay.ToWholeIntervals(bounds, store.IntervalMinutes);
                    if (since < ReportQuery.Earliest || since > ReportQuery.Latest || until < ReportQuery.Earliest || until > ReportQuery.Latest)
                        return Cli.Fail($"reports cover times from {ReportQuery.Earliest:yyyy-MM-dd} to {ReportQuery.Latest:yyyy-MM-dd}");
                    var (start, end) = query.Period(since, until);
                    // Widened to whole intervals, the same instant twice would be a whole interval.
                    if (end <= start || until <= since) return Cli.Fail("--to must be after --from");
                    if (end - start > (long)ReportQuery.MaxPeriod.TotalMilliseconds) return Cli.Fail($"a report covers at most {ReportQuery.MaxPeriod.TotalDays:F0} days");
                    var key = parse.GetValue(id) is { } one ? new ReportKey(dimension, one) : (ReportKey?)null;
                    answer = kind switch
                    {
                        Kind.Summary => query.Summary(dimension, start, end, parse.GetValue(id)),
                        Kind.Intervals => query.Intervals(dimension, start, end, parse.GetValue(id)),
                        _ => everyPage
                            ? await AllPages((number, size) => Task.FromResult(query.Tasks(start, end, key, wanted, number, size)))
                            : query.Tasks(start, end, key, wanted, parse.GetValue(page), parse.GetValue(pageSize)),
                    };
                    if (parse.GetValue(csv)) csvText = answer is TaskDetailPage p ? ReportCsv.Tasks(p.Tasks) : ReportCsv.Rows((IntervalReport)answer);
                }
                else
                {
                    using var client = new ServerClient(parse.GetValue(server), parse.GetValue(user), parse.GetValue(password));
                    // Only a day whose midnight is not on a half hour's start can fall inside an interval; the server says how long its are.
                    if (dayBounds is { } bounds && !LocalDay.OnIntervals(bounds, 30))
                    {
                        var probe = await client.GetJsonAsync($"api/v1/reports/summary?from={Uri.EscapeDataString(fromText!)}&to={Uri.EscapeDataString(toText!)}");
                        var aligned = LocalDay.ToWholeIntervals(bounds, probe.GetProperty("intervalMinutes").GetInt32());
                        (fromText, toText) = (Iso(aligned.Start), Iso(aligned.End));
                    }
                    var query = new List<string> { "by=" + ReportQuery.Name(dimension) };
                    if (parse.GetValue(id) is { } one) query.Add("id=" + Uri.EscapeDataString(one));
                    if (fromText is not null) query.Add("from=" + Uri.EscapeDataString(fromText));
                    if (toText is not null) query.Add("to=" + Uri.EscapeDataString(toText));
                    if (kind == Kind.Tasks)
                    {
                        if (parse.GetValue(by) is null && parse.GetValue(id) is null) query.RemoveAt(0);
                        if (wanted is not null) query.Add("outcome=" + wanted);
                    }
                    var path = $"api/v1/reports/{kind.ToString().ToLowerInvariant()}?{string.Join('&', query)}";
                    if (kind == Kind.Tasks)
                    {
                        async Task<TaskDetailPage> Page(int number, int size) =>
                            (await client.GetJsonAsync($"{path}&page={number.ToString(CultureInfo.InvariantCulture)}&pageSize={size.ToString(CultureInfo.InvariantCulture)}")).Deserialize<TaskDetailPage>(Json)!;
                        var tasks = everyPage ? await AllPages(Page) : await Page(parse.GetValue(page), parse.GetValue(pageSize));
                        answer = tasks;
                        // The server's CSV is this same writer's, over one page: the pages joined get one header row.
                        if (parse.GetValue(csv)) csvText = ReportCsv.Tasks(tasks.Tasks);
                    }
                    else if (parse.GetValue(csv))
                    {
                        Console.Write(await client.GetTextAsync(path + "&format=csv", "text/csv"));
                        return 0;
                    }
                    else
                    {
                        answer = (await client.GetJsonAsync(path)).Deserialize<IntervalReport>(Json)!;
                    }
                }

                if (csvText is not null)
                {
                    Console.Write(csvText);
                    return 0;
                }
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(answer, answer.GetType(), Json));
                    return 0;
                }
                var console = Cli.Console(redirectedWidth: 220);
                switch (answer)
                {
                    case TaskDetailPage tasks: ReportView.Write(console, tasks, zone); break;
                    case IntervalReport report: ReportView.Write(console, report, kind == Kind.Intervals, zone); break;
                }
                return 0;
            }
            catch (ServerException ex)
            {
                Console.Error.WriteLine("taskroute: " + ex.Message);
                return ex.Status == 404 ? 1 : 2;
            }
            catch (InvalidConfigurationException ex)
            {
                return Cli.Fail("invalid configuration: " + string.Join("; ", ex.Errors));
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                return Cli.Fail($"cannot read the data directory's journal or reports: {ex.Message}");
            }
        });
        return command;
    }

    // The clock stopped at the moment the report is made: its periods, thresholds and agents' open time all read the same now.
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Every task of the period, read a page at a time, as one unpaged answer (no page or page size); how far it has got on stderr when that takes a while.</summary>
    private static async Task<TaskDetailPage> AllPages(Func<int, int, Task<TaskDetailPage>> read)
    {
        const int Size = 1000;
        var first = await read(1, Size);
        var tasks = new List<TaskDetailRecord>(first.Tasks);
        var pages = (first.Total + Size - 1) / Size;
        var progress = pages > 10 && !Console.IsErrorRedirected;
        for (var number = 2; number <= pages; number++)
        {
            if (progress) Console.Error.Write($"\rtaskroute: {tasks.Count:N0} of {first.Total:N0} tasks read");
            var next = await read(number, Size);
            // Tasks that end while the pages are read come after them (oldest end first): the count stays the first page's.
            if (next.Tasks.Count == 0) break;
            tasks.AddRange(next.Tasks);
        }
        if (progress) Console.Error.WriteLine($"\rtaskroute: {tasks.Count:N0} of {first.Total:N0} tasks read");
        // Not a page: a page size of the task count read as if the server pages that way, and --page-size cannot ask for it.
        return first with { Page = null, PageSize = null, Tasks = tasks };
    }
}
