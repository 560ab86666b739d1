using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Taskroute.Analyzer.Tests;

namespace Taskroute.Server.Tests;

/// <summary>
/// The <c>taskroute</c> command as a user runs it: trace and logs on a data directory, and analyze
/// on the TechNote's own log excerpts and on Taskroute's component logs of the same task.
/// </summary>
public class CliTests
{
    private static readonly string SeedLogs = Path.Combine(CliRun.RepositoryRoot(), "tests", "Taskroute.Analyzer.Tests", "Seed");

    /// <summary>A data directory holding the seed's task, worked through the APIs at the seed's times.</summary>
    internal static async Task<(string Directory, Guid Contact)> SeedDataDirectory(Action<Taskroute.Server.Hosting.ServerOptions>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-cli-").FullName;
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
        await using var server = await TestServer.StartAsync(directory, time: time, configure: configure);
        return (directory, await TraceApiTests.RunSeedTask(server, time));
    }

    [Fact]
    public async Task A_server_address_without_its_scheme_is_taken_as_http_and_a_bad_one_is_said_plainly()
    {
        var unreachable = await CliRun.RunAsync("report", "summary", "--server", "127.0.0.1:1");
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("cannot reach the server at 127.0.0.1:1", unreachable.Error, StringComparison.Ordinal);
        var bad = await CliRun.RunAsync("trace", "1", "--server", "http://");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--server: 'http://' is not a server's address", bad.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unreachable.Error + bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_can_be_named_once_in_TASKROUTE_SERVER_and_a_given_server_option_still_wins()
    {
        await using var server = await TestServer.StartAsync();
        var address = server.Client.BaseAddress!.ToString();
        var named = new Dictionary<string, string> { ["TASKROUTE_SERVER"] = address, ["TASKROUTE_USER"] = "sup1", ["TASKROUTE_PASSWORD"] = "lab" };
        var summary = await CliRun.RunAsync(named, ["report", "summary", "--json"]);
        Assert.True(summary.ExitCode == 0, summary.Error);
        Assert.Contains("\"rows\"", summary.Out, StringComparison.Ordinal);
        var overridden = await CliRun.RunAsync(named, ["report", "summary", "--server", "127.0.0.1:1"]);
        Assert.Contains("cannot reach the server at 127.0.0.1:1", overridden.Error, StringComparison.Ordinal);
        var bad = await CliRun.RunAsync(new Dictionary<string, string> { ["TASKROUTE_SERVER"] = "http://" }, ["logs", "list"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("TASKROUTE_SERVER: 'http://' is not a server's address", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_or_an_unknown_option_is_one_line_in_words_and_exit_code_2()
    {
        var wrong = await CliRun.RunAsync("serve", "--snapshot-every", "abc");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal(["taskroute: Cannot parse argument 'abc' for option '--snapshot-every' as a whole number.", "taskroute: see 'taskroute serve --help'"],
            wrong.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Empty(wrong.Out);

        var unknown = await CliRun.RunAsync("report", "summary", "--bogus");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("taskroute: Unrecognized command or argument '--bogus'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("see 'taskroute report summary --help'", unknown.Error, StringComparison.Ordinal);

        // Alone, it says what it can do.
        var alone = await CliRun.RunAsync();
        Assert.Equal(0, alone.ExitCode);
        Assert.Contains("serve", alone.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_reads_the_technotes_excerpts_and_gives_its_task_and_times()
    {
        var run = await CliRun.RunAsync("analyze", SeedLogs, "--json");
        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Out).RootElement;
        var task = Assert.Single(report.GetProperty("tasks").EnumerateArray());
        Assert.Equal("154526:37051928:1", task.GetProperty("taskId").GetString());
        Assert.Equal(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"), task.GetProperty("contactId").GetGuid());
        Assert.Equal((5172, 1080), (task.GetProperty("agentId").GetInt32(), task.GetProperty("loginId").GetInt32()));
        var minus5 = TimeSpan.FromHours(-5);
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 55, 58, 923, minus5), task.GetProperty("offeredAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 56, 53, 745, minus5), task.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 58, 10, 536, minus5), task.GetProperty("endedAt").GetDateTimeOffset());

        var missing = await CliRun.RunAsync("analyze", "/no/such/folder");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file or folder", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_of_logs_and_a_missing_path_analyses_the_logs_names_the_path_and_exits_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"taskroute-nope-{Guid.NewGuid():N}", "x.log");
        var run = await CliRun.RunAsync("analyze", SeedLogs, missing, "--json");
        Assert.Equal(2, run.ExitCode);
        var task = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("tasks").EnumerateArray());
        Assert.Equal("154526:37051928:1", task.GetProperty("taskId").GetString());
        Assert.Contains($"{missing}: no such file or folder; the other inputs were analysed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_passes_over_taskroutes_levels_file_in_a_logs_folder()
    {
        var folder = Directory.CreateTempSubdirectory("taskroute-levels-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "ctisvr"));
            File.Copy(Path.Combine(SeedLogs, "ctisvr.log"), Path.Combine(folder, "ctisvr", "ctisvr.log"));
            await File.WriteAllTextAsync(Path.Combine(folder, "levels.json"), """{"webservices":"TRACE"}""", TestContext.Current.CancellationToken);
            var run = await CliRun.RunAsync("analyze", folder, "--json");
            Assert.Equal(0, run.ExitCode);
            var report = JsonDocument.Parse(run.Out).RootElement;
            var source = Assert.Single(report.GetProperty("sources").EnumerateArray());
            Assert.Equal("ctisvr", source.GetProperty("component").GetString());
            Assert.DoesNotContain("levels.json", run.Out, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_json_writes_times_in_milliseconds_with_their_plus_sign_not_an_escape()
    {
        var run = await CliRun.RunAsync("simulate", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("\\u002B", run.Out, StringComparison.Ordinal);
        var first = JsonDocument.Parse(run.Out.Split('\n')[0]).RootElement;
        Assert.EndsWith("+00:00", first.GetProperty("time").GetString(), StringComparison.Ordinal);
        // Milliseconds, as the trace writes them: 2024-01-30T13:54:27.874+00:00.
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", first.GetProperty("time").GetString());
        Assert.Contains("+00:00\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_help_names_every_archive_it_reads()
    {
        var run = await CliRun.RunAsync("analyze", "--help");
        // The help folds its descriptions to the terminal's width.
        Assert.Contains(".zip, .gz, .tar or .tar.gz archives", System.Text.RegularExpressions.Regex.Replace(run.Out, @"\s+", " "), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("154526:37051928:1", 0)]
    [InlineData("154526_37051928_1", 0)]
    [InlineData("154526/37051928/1", 0)]
    [InlineData("154526_37051928_7", 1)]
    [InlineData("154526:37051929:1", 1)]
    public async Task Analyze_task_takes_the_whole_task_number_and_a_number_not_in_the_logs_is_exit_1(string id, int exitCode)
    {
        var run = await CliRun.RunAsync("analyze", SeedLogs, "--json", "--task", id);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(1 - exitCode, JsonDocument.Parse(run.Out).RootElement.GetProperty("tasks").GetArrayLength());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public void Analyze_shows_every_line_of_the_timeline_and_whole_ids_in_a_terminal_of_any_width(int width)
    {
        var report = Taskroute.Analyzer.LogAnalyzer.Analyze(Taskroute.Analyzer.LogSources.Open([SeedLogs]));
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Interactive = Spectre.Console.InteractionSupport.No,
        });
        console.Profile.Width = width;
        var task = Assert.Single(report.Tasks);
        Taskroute.Cli.Output.AnalysisView.Summary(console, report, [Taskroute.Cli.Output.AnalysisView.Row(task, report.IcmOffset)]);
        Taskroute.Cli.Output.AnalysisView.Timeline(console, task);
        // Bold stays on without colours; what counts is what the terminal shows.
        var output = System.Text.RegularExpressions.Regex.Replace(text.ToString(), "\u001b\\[[0-9;]*m", "");
        Assert.Contains("154526:37051928:1", output, StringComparison.Ordinal);
        Assert.Contains("ae93f5ad-452d-4c52-8057-8d23864a8a8a", output, StringComparison.Ordinal);
        foreach (var e in task.Timeline) Assert.Contains(e.Message, output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, line));
    }

    [Fact]
    public void Analyze_dates_each_timeline_row_of_a_task_that_runs_past_midnight()
    {
        const string finesse = """
            500001: [INFO]: [call-id [154570_30000001_1]] [agent-id [3001]]: [Mar 14 2024 23:59:52.040 +0530]: [EVENT_POOL-1-worker-1]: [c.c.c.f.w.s.X]: Received OFFER_TASK_EVENT taskId=154570:30000001:1 icmAgentId=5301
            500002: [INFO]: [call-id [154570_30000001_1]] [agent-id [3001]]: [Mar 15 2024 00:02:00.040 +0530]: [EVENT_POOL-1-worker-1]: [c.c.c.f.w.s.X]: Received END_TASK_EVENT taskId=154570:30000001:1 icmAgentId=5301

            """;
        var report = Taskroute.Analyzer.LogAnalyzer.Analyze([Taskroute.Analyzer.LogSource.FromText("webservices.log", finesse)]);
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Interactive = Spectre.Console.InteractionSupport.No,
        });
        console.Profile.Width = 200;
        Taskroute.Cli.Output.AnalysisView.Timeline(console, Assert.Single(report.Tasks));
        // 00:02 after 23:59 would read as earlier without its date.
        Assert.Contains("2024-03-14 23:59:52.040 +05:30", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("2024-03-15 00:02:00.040 +05:30", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_shows_steps_an_open_task_has_not_reached_as_dashes_not_as_missing()
    {
        const string finesse = """
            500001: [INFO]: [call-id [154570_30000001_1]] [agent-id [3001]]: [Mar 14 2024 10:00:00.040 +0530]: [EVENT_POOL-1-worker-1]: [c.c.c.f.w.s.X]: Received OFFER_TASK_EVENT taskId=154570:30000001:1 icmAgentId=5301

            """;
        var report = Taskroute.Analyzer.LogAnalyzer.Analyze([Taskroute.Analyzer.LogSource.FromText("webservices.log", finesse)]);
        var task = Assert.Single(report.Tasks);
        var output = Draw(console => Taskroute.Cli.Output.AnalysisView.Timeline(console, task));
        // Offered and still open, in Finesse's log alone: the steps before it are in logs not given,
        // and those after it are yet to come; neither is a fault of the logs.
        Assert.Contains("✓6", output, StringComparison.Ordinal);
        foreach (var step in new[] { "–1", "–7", "–8", "–9" }) Assert.Contains(step, output, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", output, StringComparison.Ordinal);
        Assert.DoesNotContain(task.Steps, s => s.Missing);
    }

    [Fact]
    public void Trace_of_a_task_cancelled_in_queue_shows_the_steps_it_never_reached_as_dashes_and_none_missing()
    {
        var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
        var now = DateTimeOffset.Parse("2024-01-30T13:55:49Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var contact = Guid.NewGuid();
        var records = new List<Taskroute.Core.Flow.FlowEvent[]>();
        var submitted = engine.SubmitTask(now, new Taskroute.Core.Flow.TaskData { ContactId = contact, FeedId = 100000, Name = "Ann", Title = "Refund", ScriptSelector = "CumulusTask" });
        records.Add(engine.Events.ToArray());
        Assert.True(engine.CancelTask(now + 5_000, contact).Succeeded);
        records.Add(engine.Events.ToArray());
        var trace = Taskroute.Server.Api.Traces.TraceResource.From(Taskroute.Core.Tracing.TraceBuilder.Build(submitted.Task, records));

        var output = Draw(console => Taskroute.Cli.Output.TraceView.Write(console, trace, TimeZoneInfo.Utc));
        // No agent was free: it queued and was cancelled there, before any agent was chosen (step 3), so steps 3 to 9 never came.
        Assert.Contains("✓ NEW_CALL", output, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", output, StringComparison.Ordinal);
        Assert.Equal(7, output.Split('\n').Count(line => line.Contains("– ", StringComparison.Ordinal) && line.Contains('│')));
    }

    private static string Draw(Action<Spectre.Console.IAnsiConsole> draw)
    {
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Interactive = Spectre.Console.InteractionSupport.No,
        });
        console.Profile.Width = 200;
        draw(console);
        return System.Text.RegularExpressions.Regex.Replace(text.ToString(), "\u001b\\[[0-9;]*m", "");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public async Task Trace_shows_every_message_and_its_ids_in_a_terminal_of_any_width(int width)
    {
        var (directory, _) = await SeedDataDirectory();
        try
        {
            using var journal = new Taskroute.Storage.Sqlite.SqliteJournal(Path.Combine(directory, "journal.db"));
            using var index = new Taskroute.Storage.Index.TraceIndex(Path.Combine(directory, "trace-index.db"));
            index.CatchUp(journal);
            var lab = Taskroute.Core.Lab.LabConfiguration.Create();
            var store = new Taskroute.Server.Tracing.TraceStore(journal, index, () => lab, () => true);
            var answer = Assert.IsType<Taskroute.Server.Tracing.TraceAnswer.Task>(Taskroute.Server.Tracing.TraceQuery.Answer(store, "154526:37051928:1", null, null, 100, DateTimeOffset.UtcNow));
            var text = new StringWriter();
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(text), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Interactive = Spectre.Console.InteractionSupport.No,
            });
            console.Profile.Width = width;
            Taskroute.Cli.Output.TraceView.Write(console, answer.Trace, TimeZoneInfo.CreateCustomTimeZone("UTC-5", TimeSpan.FromHours(-5), "UTC-5", "UTC-5"));
            var output = System.Text.RegularExpressions.Regex.Replace(text.ToString(), "\u001b\\[[0-9;]*m", "");
            foreach (var e in answer.Trace.Events) Assert.Contains(e.Message, output, StringComparison.Ordinal);
            Assert.Contains("TaskID=154526:37051928:1", output, StringComparison.Ordinal);
            Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, line));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public void Analyze_summary_shows_each_times_date_when_the_tasks_span_days_and_the_day_once_when_not()
    {
        static string[] Row(string task, string offered, string ended) => [task, "", "", "9/9", offered, "", ended, "1 ms", "1 ms", ""];
        string Draw(params string[][] rows)
        {
            var text = new StringWriter();
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(text), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Interactive = Spectre.Console.InteractionSupport.No,
            });
            console.Profile.Width = 200;
            Taskroute.Cli.Output.AnalysisView.Summary(console, new Taskroute.Analyzer.AnalysisReport { Tasks = [], Sources = [], Notes = [] }, rows);
            return text.ToString();
        }
        var oneDay = Draw(Row("1:1:1", "2024-03-14 23:50:04.300", "2024-03-14 23:58:12.700"));
        Assert.Contains("1 task(s) on 2024-03-14", oneDay, StringComparison.Ordinal);
        Assert.DoesNotContain("2024-03-14 23:50", oneDay, StringComparison.Ordinal);
        var twoDays = Draw(Row("1:1:1", "2024-03-14 23:50:04.300", "2024-03-15 00:05:31.220"));
        Assert.Contains("2024-03-14 23:50:04.300", twoDays, StringComparison.Ordinal);
        Assert.Contains("2024-03-15 00:05:31.220", twoDays, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_html_without_a_file_name_is_a_clear_error_not_a_stack_trace()
    {
        var run = await CliRun.RunAsync("analyze", SeedLogs, "--html", "");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--html", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_takes_the_room_it_is_given_and_refuses_a_room_for_nothing()
    {
        // The excerpts' sources are each read whole in their first chunk, so they fit any room; the
        // reading in time windows is TimeWindowsTests' (tests/Taskroute.Analyzer.Tests).
        var run = await CliRun.RunAsync("analyze", SeedLogs, "--json", "--max-events", "20", "--tz", "-05:00");
        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Out).RootElement;
        var task = Assert.Single(report.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("taskId").GetString() == "154526:37051928:1");
        Assert.Equal(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"), task.GetProperty("contactId").GetGuid());
        var minus5 = TimeSpan.FromHours(-5);
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 55, 58, 923, minus5), task.GetProperty("offeredAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 8, 58, 10, 536, minus5), task.GetProperty("endedAt").GetDateTimeOffset());

        var none = await CliRun.RunAsync("analyze", SeedLogs, "--max-events", "0");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--max-events", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_summary_of_thousands_of_tasks_lists_each_once_a_thousand_rows_to_a_table()
    {
        // 2,500 short CCP tasks, each created, reserved and handled within a second.
        var folder = Directory.CreateTempSubdirectory("taskroute-many-").FullName;
        try
        {
            const int Tasks = 2_500;
            ShortCcpTasks.Write(folder, Tasks);

            var run = await CliRun.RunAsync("analyze", folder);
            Assert.Equal(0, run.ExitCode);
            Assert.Matches($@"{Tasks} task\(s\)( on \d{{4}}-\d{{2}}-\d{{2}})? in 2 source\(s\)", run.Out);
            // Three tables of tasks (1,000, 1,000 and 500 rows) and the sources' table, each with its header.
            var lines = run.Out.Split('\n');
            Assert.Equal(4, lines.Count(l => l.StartsWith('╭')));
            var rows = lines.Where(l => l.StartsWith("│ 154600:", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
            Assert.Equal(Enumerable.Range(100, Tasks).Select(k => $"154600:{k}:1").Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Analyze_summary_columns_name_the_clock_their_times_are_on()
    {
        // --tz says the ICM servers' clocks run at +01:00: the summary's times are ctisvr's own
        // (08:58:10.536 for the end), and the columns say which offset they are at.
        var run = await CliRun.RunAsync("analyze", SeedLogs, "--tz", "+01:00");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("(+01:00)", run.Out, StringComparison.Ordinal);
        Assert.Contains("08:58:10.536", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_json_streamed_task_by_task_is_the_whole_reports_json()
    {
        // --json alone is written as the tasks are built; with --html the whole report is built first.
        var html = Path.Combine(Path.GetTempPath(), $"taskroute-cli-{Guid.NewGuid():N}.html");
        try
        {
            var streamed = await CliRun.RunAsync("analyze", SeedLogs, "--json");
            var whole = await CliRun.RunAsync("analyze", SeedLogs, "--json", "--html", html);
            Assert.Equal((0, 0), (streamed.ExitCode, whole.ExitCode));
            static string WithoutElapsed(string json) =>
                string.Join('\n', json.Split('\n').Where(l => !l.TrimStart().StartsWith("\"elapsedMs\"", StringComparison.Ordinal)));
            Assert.Contains("\"timeline\"", streamed.Out, StringComparison.Ordinal);
            Assert.Equal(WithoutElapsed(whole.Out), WithoutElapsed(streamed.Out));
        }
        finally
        {
            File.Delete(html);
        }
    }

    [Fact]
    public async Task Trace_and_report_on_a_data_directory_whose_journal_was_replaced_say_so_and_answer_from_the_journal()
    {
        var (directory, contact) = await SeedDataDirectory();
        try
        {
            // A new, empty journal beside the seed's trace index and reports.
            foreach (var file in Directory.GetFiles(directory, "journal.db*")) File.Delete(file);
            new Taskroute.Storage.Sqlite.SqliteJournal(Path.Combine(directory, "journal.db")).Dispose();

            var trace = await CliRun.RunAsync("trace", contact.ToString(), "--data", directory);
            Assert.Equal(1, trace.ExitCode);
            Assert.Contains("the trace index was not built from this journal (it holds journal records up to", trace.Error, StringComparison.Ordinal);
            Assert.Contains("no task with SocialContact id", trace.Error, StringComparison.Ordinal);

            var summary = await CliRun.RunAsync("report", "summary", "--data", directory, "--from", "2024-01-30T13:30:00Z", "--to", "2024-01-30T14:00:00Z", "--json");
            Assert.True(summary.ExitCode == 0, summary.Error);
            Assert.Contains("the reports were not counted from this journal", summary.Error, StringComparison.Ordinal);
            // The empty journal offered nothing: no row counts the seed's task.
            Assert.All(JsonDocument.Parse(summary.Out).RootElement.GetProperty("rows").EnumerateArray(),
                r => Assert.Equal(0, r.GetProperty("counts").GetProperty("offered").GetInt32()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Trace_logs_and_analyze_work_on_a_data_directory_and_agree_on_the_seeds_task()
    {
        var (directory, contact) = await SeedDataDirectory();
        try
        {
            var trace = await CliRun.RunAsync("trace", "154526/37051928/1", "--data", directory, "--json");
            Assert.Equal(0, trace.ExitCode);
            var traced = JsonDocument.Parse(trace.Out).RootElement;
            Assert.Equal(contact, traced.GetProperty("contactId").GetGuid());
            Assert.Equal(76_791, traced.GetProperty("timings").GetProperty("handleMs").GetInt64());

            var table = await CliRun.RunAsync("trace", contact.ToString("N"), "--data", directory);
            Assert.Equal(0, table.ExitCode);
            Assert.Contains("OFFER_TASK_IND", table.Out, StringComparison.Ordinal);
            Assert.Contains("64,512 ms", table.Out, StringComparison.Ordinal);

            // An agent's tasks, headed by its ids, its name said once.
            var agent = await CliRun.RunAsync("trace", "1080", "--data", directory, "--from", "2024-01-30T00:00:00Z", "--to", "2024-01-31T00:00:00Z");
            Assert.Equal(0, agent.ExitCode);
            Assert.Contains("Agent 1080 (ICM agent 5172): 1 task(s)", agent.Out, StringComparison.Ordinal);

            var bad = await CliRun.RunAsync("trace", "not-an-id", "--data", directory);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("SocialContact id", bad.Error, StringComparison.Ordinal);

            var list = await CliRun.RunAsync("logs", "list", "--data", directory);
            Assert.Equal(0, list.ExitCode);
            Assert.Contains("ctisvr/ctisvr.2024-01-30.1.log", list.Out, StringComparison.Ordinal);


            // Taskroute's own component logs, read as Cisco's would be, give the same task and times as the trace.
            var analysis = await CliRun.RunAsync("analyze", Path.Combine(directory, "logs"), "--json");
            Assert.Equal(0, analysis.ExitCode);
            var task = Assert.Single(JsonDocument.Parse(analysis.Out).RootElement.GetProperty("tasks").EnumerateArray());
            Assert.Equal(("154526:37051928:1", contact), (task.GetProperty("taskId").GetString(), task.GetProperty("contactId").GetGuid()));
            foreach (var timing in new[] { "networkMs", "offerMs", "handleMs", "answerWaitMs" })
                Assert.Equal(traced.GetProperty("timings").GetProperty(timing).GetInt64(), task.GetProperty("timings").GetProperty(timing).GetInt64());
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_without_a_period_covers_today_in_the_machines_time_zone_not_the_utc_day()
    {
        var (directory, _) = await SeedDataDirectory();
        try
        {
            // UTC+14: for ten hours of every UTC day the local date is already tomorrow's.
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var run = await CliRun.RunAsync(new Dictionary<string, string> { ["TZ"] = "Pacific/Kiritimati" }, ["report", "summary", "--data", directory, "--json"]);
            Assert.Equal(0, run.ExitCode);
            var report = JsonDocument.Parse(run.Out).RootElement;
            Assert.Equal($"{today}T00:00:00+14:00", DateTimeOffset.Parse(report.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(14)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_on_a_stopped_servers_data_counts_an_agent_still_signed_in_up_to_now_as_the_live_server_does()
    {
        var (directory, _) = await SeedDataDirectory();
        try
        {
            // 1080 signed in at 13:54:27.874Z, changed state last at 13:58:10.536Z, and never signed out:
            // the half hour to 14:00Z holds all of its time from the sign-in, not only up to its last change.
            var summary = await CliRun.RunAsync("report", "summary", "--data", directory, "--by", "agent", "--id", "1080", "--from", "2024-01-30T13:30:00Z", "--to", "2024-01-30T14:00:00Z", "--json");
            Assert.True(summary.ExitCode == 0, summary.Error);
            var agent = JsonDocument.Parse(summary.Out).RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "1080");
            Assert.Equal(332_126, agent.GetProperty("counts").GetProperty("loggedInMs").GetInt64());
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_on_a_stopped_servers_data_counts_a_task_left_waiting_past_its_threshold_as_the_live_server_does()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-cli-").FullName;
        try
        {
            const string HalfHour = "from=2024-01-30T13:30:00Z&to=2024-01-30T14:00:00Z";
            var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
            long live = 0;
            await using (var server = await TestServer.StartAsync(directory, time: time))
            {
                // No agent is signed in: the task waits in queue, and nothing happens after its 30 s pass.
                var submitted = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml"));
                Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
                time.Advance(TimeSpan.FromSeconds(30) + Reporting.ReportKeeper.ThresholdGrace + TimeSpan.FromSeconds(1));
                for (var attempt = 0; attempt < 200 && live == 0; attempt++)
                {
                    var response = await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/summary?by=mrd&id=5011&" + HalfHour);
                    var row = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("rows").EnumerateArray().Single();
                    live = row.GetProperty("counts").GetProperty("serviceLevelOffered").GetInt64();
                    if (live == 0) await Task.Delay(50);
                }
                Assert.Equal(1, live);
            }

            // The kept reports, a recount in other intervals, and a recount of a lost reports file: each
            // counts the task against the service level, as the live server did, with no event after it.
            string[] ask = ["report", "summary", "--data", directory, "--by", "mrd", "--id", "5011", "--from", "2024-01-30T13:30:00Z", "--to", "2024-01-30T14:00:00Z", "--json"];
            foreach (var (how, extra, lose) in new[] { ("kept", Array.Empty<string>(), false), ("recounted in 15 minutes", ["--interval", "15"], false), ("recounted", [], true) })
            {
                if (lose)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    foreach (var file in Directory.GetFiles(directory, "reports.db*")) File.Delete(file);
                }
                var run = await CliRun.RunAsync([.. ask, .. extra]);
                Assert.True(run.ExitCode == 0, how + ": " + run.Error);
                var counts = JsonDocument.Parse(run.Out).RootElement.GetProperty("rows").EnumerateArray().Single().GetProperty("counts");
                Assert.Equal((how, live, 0L), (how, counts.GetProperty("serviceLevelOffered").GetInt64(), counts.GetProperty("serviceLevelAnswered").GetInt64()));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_on_a_data_directory_keeps_the_interval_the_server_counted_in_unless_told_otherwise()
    {
        var (directory, _) = await SeedDataDirectory(o => o.ReportIntervalMinutes = 15);
        try
        {
            // The seed's task came at 13:55:58 UTC: a 15-minute server counted it in the 13:45 interval.
            string[] window = ["--from", "2024-01-30T13:00:00Z", "--to", "2024-01-30T15:00:00Z"];
            var kept = await CliRun.RunAsync(["report", "intervals", "--data", directory, "--json", .. window]);
            Assert.Equal(0, kept.ExitCode);
            Assert.Contains("2024-01-30T13:45:00", kept.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("2024-01-30T13:30:00", kept.Out, StringComparison.Ordinal);

            // Asked for 30 minutes, it counts again in halves of hours, as before.
            var halfHours = await CliRun.RunAsync(["report", "intervals", "--data", directory, "--json", "--interval", "30", .. window]);
            Assert.Equal(0, halfHours.ExitCode);
            Assert.Contains("2024-01-30T13:30:00", halfHours.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("2024-01-30T13:45:00", halfHours.Out, StringComparison.Ordinal);

            var wrong = await CliRun.RunAsync("report", "intervals", "--data", directory, "--interval", "20");
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("--interval: must be 15 or 30", wrong.Error, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_gives_the_seeds_figures_from_a_data_directory_and_from_a_server_as_table_json_and_csv()
    {
        var (directory, _) = await SeedDataDirectory();
        try
        {
            var summary = await CliRun.RunAsync("report", "summary", "--data", directory, "--from", "2024-01-30T13:30:00Z", "--to", "2024-01-30T14:00:00Z", "--json");
            Assert.True(summary.ExitCode == 0, summary.Error);
            var mrd = JsonDocument.Parse(summary.Out).RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "5011");
            Assert.Equal((1, 64_512), (mrd.GetProperty("counts").GetProperty("handled").GetInt32(), mrd.GetProperty("counts").GetProperty("answerWaitMs").GetInt32()));

            var table = await CliRun.RunAsync("report", "summary", "--data", directory, "--day", "2024-01-30", "--utc", "--by", "agent");
            Assert.Equal(0, table.ExitCode);
            Assert.Contains("Agent 1080", table.Out, StringComparison.Ordinal);
            Assert.Contains("64.5 s", table.Out, StringComparison.Ordinal);

            var tasks = await CliRun.RunAsync("report", "tasks", "--data", directory, "--day", "2024-01-30", "--utc", "--csv");
            Assert.Equal(0, tasks.ExitCode);
            Assert.Contains("154526:37051928:1", tasks.Out, StringComparison.Ordinal);

            var bad = await CliRun.RunAsync("report", "intervals", "--data", directory, "--by", "team");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("--by: 'team'", bad.Error, StringComparison.Ordinal);

            await using var server = await TestServer.StartAsync(directory);
            // Reading a directory brings its reports and trace index up to date, which writes them:
            // while its server runs, that is the server's to do, and the command says where to ask.
            foreach (var offline in new[] { new[] { "report", "intervals", "--data", directory, "--interval", "15" }, ["trace", "154526/37051928/1", "--data", directory] })
            {
                var busy = await CliRun.RunAsync(offline);
                Assert.NotEqual(0, busy.ExitCode);
                Assert.Contains("server is running", busy.Error, StringComparison.Ordinal);
                Assert.Contains("--server", busy.Error, StringComparison.Ordinal);
            }
            var remote = await CliRun.RunAsync("report", "intervals", "--server", server.Client.BaseAddress!.ToString(), "--user", "sup1", "--password", "lab",
                "--from", "2024-01-30T13:30:00Z", "--to", "2024-01-30T14:00:00Z", "--by", "selector");
            Assert.Equal(0, remote.ExitCode);
            Assert.Contains("CumulusTask", remote.Out, StringComparison.Ordinal);
            var refused = await CliRun.RunAsync("report", "summary", "--server", server.Client.BaseAddress!.ToString(), "--user", "1080", "--password", "lab");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("403", refused.Error, StringComparison.Ordinal);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Bench_against_no_server_says_it_cannot_reach_it_and_prints_no_figures()
    {
        // Port 5287: nothing listens there during the tests.
        foreach (var args in new[]
        {
            new[] { "bench", "--url", "http://127.0.0.1:5287", "--seconds", "1", "--warmup", "0", "--connections", "2" },
            ["bench", "--url", "http://127.0.0.1:5287", "--seconds", "1", "--warmup", "0", "--connections", "2", "--agents", "2"],
            // --server, as trace, report and logs name it.
            ["bench", "--server", "http://127.0.0.1:5287", "--seconds", "1", "--warmup", "0", "--connections", "2"],
        })
        {
            var run = await CliRun.RunAsync(args);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("cannot reach the server at http://127.0.0.1:5287/", run.Error, StringComparison.Ordinal);
            Assert.Equal("", run.Out);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bench_takes_its_transport_and_client_in_any_case_and_a_bad_one_in_one_line()
    {
        // REST is taken: the command goes on to find no server at the address.
        var upper = await CliRun.RunAsync("bench", "--url", "http://127.0.0.1:5287", "--agents", "2", "--transport", "REST");
        Assert.Equal(2, upper.ExitCode);
        Assert.Contains("cannot reach the server", upper.Error, StringComparison.Ordinal);
        var bad = await CliRun.RunAsync("bench", "--url", "http://127.0.0.1:5287", "--agents", "2", "--transport", "pigeon");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("taskroute: --transport: 'pigeon' is not one of channel, rest", bad.Error.TrimEnd());
        Assert.Equal("", bad.Out);
        var badClient = await CliRun.RunAsync("bench", "--url", "http://127.0.0.1:5287", "--client", "curl");
        Assert.Equal(2, badClient.ExitCode);
        Assert.Equal("taskroute: --client: 'curl' is not one of lean, dotnet", badClient.Error.TrimEnd());
    }

    [Fact]
    public async Task Bench_write_config_without_agents_is_refused_in_one_line_and_writes_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"taskroute-bench-{Guid.NewGuid():N}.json");
        var run = await CliRun.RunAsync("bench", "--write-config", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("taskroute: --write-config needs --agents N", run.Error.Split(',')[0]);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(file));
    }

    // A server on the configuration `bench --agents 20 --write-config` makes, for the load generator's tests.
    private static async Task WithBenchServer(Func<ChildServer, Task> test)
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-bench-").FullName;
        var config = Path.Combine(directory, "bench.json");
        try
        {
            Assert.Equal(0, (await CliRun.RunAsync("bench", "--agents", "20", "--write-config", config)).ExitCode);
            await using var server = await ChildServer.StartAsync(Path.Combine(directory, "data"), TestContext.Current.CancellationToken, "--config", config);
            await test(server);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public Task A_short_soak_reports_each_window_and_the_drift_of_rate_latency_and_memory() => WithBenchServer(async server =>
    {
        var soak = await CliRun.RunAsync("bench", "--url", server.Client.BaseAddress!.ToString(), "--agents", "20", "--soak", "--seconds", "6", "--window", "2", "--rate", "100");
        Assert.True(soak.ExitCode == 0, soak.Out + soak.Error);
        Assert.Contains("Drift", soak.Out, StringComparison.Ordinal);
        Assert.Contains("server working set MB", soak.Out, StringComparison.Ordinal);
        var windows = soak.Out.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s+\d"));
        Assert.InRange(windows, 2, 3);
    });

    [Fact]
    public async Task Simulated_agents_work_tasks_over_the_channel_and_over_rest_and_the_bench_says_what_each_lifecycle_cost()
    {
        // The channel on both of the load generator's clients (its own loop and .NET's ClientWebSocket),
        // each against a server of its own: agents a run leaves holding tasks take no more.
        foreach (var (transport, client) in new[] { ("channel", "lean"), ("channel", "dotnet"), ("rest", "lean") })
        {
            await WithBenchServer(async server =>
            {
                var run = await CliRun.RunAsync("bench", "--url", server.Client.BaseAddress!.ToString(), "--agents", "20", "--seconds", "2", "--warmup", "0", "--connections", "4", "--transport", transport, "--client", client);
                Assert.True(run.ExitCode == 0, transport + ": " + run.Out + run.Error);
                // The row: agents, lifecycles/s, lifecycles, p50, p99, server CPU, load CPU, errors.
                var row = run.Out.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries)).First(c => c.Length > 8 && c[1] == "20");
                Assert.True(long.Parse(row[3], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) > 0, transport + ": no lifecycle in " + run.Out);
                Assert.Equal("0", row[8]);
                // Both CPU figures are there, in microseconds (a narrow console may wrap the unit under the number).
                Assert.Equal(2, run.Out.Split("µs").Length - 1);
            });
        }
    }

    [Fact]
    public async Task Bench_submits_to_the_plain_endpoint_and_durably_and_every_durable_submit_is_a_task_the_server_holds()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-bench-").FullName;
        try
        {
            await using var server = await ChildServer.StartAsync(Path.Combine(directory, "data"), TestContext.Current.CancellationToken);
            // The load generator's own loop, then HttpClient: the server holds what both submitted.
            var dotnet = await CliRun.RunAsync("bench", "--url", server.Client.BaseAddress!.ToString(), "--seconds", "1", "--warmup", "0", "--connections", "4", "--client", "DOTNET");
            Assert.True(dotnet.ExitCode == 0, dotnet.Out + dotnet.Error);
            var before = await Submitted(server);
            var run = await CliRun.RunAsync("bench", "--url", server.Client.BaseAddress!.ToString(), "--seconds", "1", "--warmup", "0", "--connections", "4");
            Assert.True(run.ExitCode == 0, run.Out + run.Error);
            // Rows: endpoint, requests/s, p50, p99, max, server CPU, load CPU, errors.
            var rows = run.Out.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries)).Where(c => c.Length > 8 && c[1] is "plain (baseline)" or "durable submit").ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, row => Assert.Equal("0", row[8]));
            var rate = double.Parse(rows[1][2], System.Globalization.NumberStyles.AllowThousands | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(rate > 0, run.Out);
            // The rate is over a second or a little more: the server took at least that many tasks.
            var submitted = await Submitted(server) - before;
            Assert.True(submitted >= Math.Floor(rate), $"{submitted} submitted, {rate}/s measured");
        }
        finally
        {
            TestServer.TryDelete(directory);
        }

        static async Task<double> Submitted(ChildServer server)
        {
            var metrics = await server.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            return metrics.Split('\n').Where(l => l.StartsWith("taskroute_tasks_submitted_total", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task The_html_report_draws_the_seeds_task_as_a_sequence_diagram_in_a_browser()
    {
        const string chromium = "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"{chromium} is not installed (.ci/run installs Debian's chromium)");
        var report = Path.Combine(Directory.CreateTempSubdirectory("taskroute-report-").FullName, "report.html");
        var run = await CliRun.RunAsync("analyze", SeedLogs, "--html", report);
        Assert.Equal(0, run.ExitCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync(new Uri(report).ToString());
        await Assertions.Expect(page.Locator("section#task-1 svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section#task-1 svg")).ToContainTextAsync("OFFER_TASK_IND");
        await Assertions.Expect(page.Locator("section#task-1")).ToContainTextAsync("54,822 ms");
        await Assertions.Expect(page.Locator("table").First).ToContainTextAsync("ae93f5ad-452d-4c52-8057-8d23864a8a8a");
        Assert.Empty(errors);
        Directory.Delete(Path.GetDirectoryName(report)!, recursive: true);
    }
}
