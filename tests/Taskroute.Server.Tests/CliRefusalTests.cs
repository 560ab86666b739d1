using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Tests;

/// <summary>
/// What the <c>taskroute</c> commands refuse, as a user meets it: a value out of range, a place that
/// cannot be read or written, a server that is not Taskroute, a command that does not exist. One
/// line naming the option and what is wrong, exit code 2, never a stack trace.
/// </summary>
public class CliRefusalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-refusal-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    private static void AssertRefused(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.All(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("taskroute: ", line, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error + run.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// An HTTP server that is not Taskroute, as <c>python3 -m http.server</c> answers: an HTML page
    /// for every path it does not have, 501 for a method it does not take; a /healthz when asked.
    /// </summary>
    private static async Task<WebApplication> ForeignServer(bool healthz = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        if (healthz) app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapFallback(context =>
        {
            var (status, title) = context.Request.Method is "GET" or "HEAD" ? (404, "File not found") : (501, "Unsupported method");
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync($"<!DOCTYPE HTML>\n<html lang=\"en\">\n<head><title>Error response</title></head>\n<body><h1>{title}</h1></body>\n</html>\n");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    [Theory]
    [InlineData("--seconds", "-1", "--seconds: must be 1 to 3,600 (got -1)")]
    [InlineData("--seconds", "0", "--seconds: must be 1 to 3,600 (got 0)")]
    [InlineData("--connections", "0", "--connections: must be 1 to 1,024 (got 0)")]
    [InlineData("--connections", "-1", "--connections: must be 1 to 1,024 (got -1)")]
    [InlineData("--connections", "99999999", "--connections: must be 1 to 1,024 (got 99999999)")]
    [InlineData("--warmup", "-3", "--warmup: must be 0 to 600 (got -3)")]
    [InlineData("--agents", "0", "--agents: must be 1 to 100,000 (got 0)")]
    [InlineData("--agents", "-5", "--agents: must be 1 to 100,000 (got -5)")]
    [InlineData("--rate", "-1", "--rate: must be 0 to 1,000,000 (got -1)")]
    public async Task Bench_refuses_a_value_out_of_range_with_the_range_instead_of_running_on_another(string option, string value, string expected)
    {
        // Refused before the server is looked for: nothing listens on port 5287.
        var run = await CliRun.RunAsync("bench", "--url", "http://127.0.0.1:5287", option, value);
        AssertRefused(run, expected);
        Assert.Equal("taskroute: " + expected, run.Error.TrimEnd());
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Bench_write_config_into_a_missing_folder_or_onto_a_directory_is_one_line_naming_the_option()
    {
        AssertRefused(await CliRun.RunAsync("bench", "--agents", "5", "--write-config", "/nonexistent/dir/x.yaml"),
            "taskroute: --write-config: cannot write to /nonexistent/dir/x.yaml: no such directory");
        AssertRefused(await CliRun.RunAsync("bench", "--agents", "5", "--write-config", _directory),
            $"taskroute: --write-config: {_directory} is a directory; give the name of the file to write");
    }

    [Fact]
    public async Task Bench_against_a_server_that_is_not_taskroute_says_so_and_measures_nothing()
    {
        await using var foreign = await ForeignServer();
        var address = foreign.Urls.First();
        var run = await CliRun.RunAsync("bench", "--url", address, "--seconds", "1", "--warmup", "0", "--connections", "2");
        AssertRefused(run, $"the server at {address}/ answered /healthz with 404 Not Found and does not look like a Taskroute server");
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Bench_against_a_server_that_answers_healthz_but_fails_every_request_says_so_without_a_ratio()
    {
        await using var foreign = await ForeignServer(healthz: true);
        var address = foreign.Urls.First();
        foreach (var client in new[] { "lean", "dotnet" })
        {
            var run = await CliRun.RunAsync("bench", "--url", address, "--seconds", "1", "--warmup", "0", "--connections", "2", "--client", client);
            AssertRefused(run, $"the server at {address}/ did not answer as Taskroute does: every request to /api/v1/bench/plain failed (");
            Assert.Contains("of them; the first: answered 501)", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("plain endpoint's rate", run.Out, StringComparison.Ordinal);
            Assert.Equal("", run.Out);
        }
    }

    [Fact]
    public async Task Commands_asking_a_server_that_is_not_taskroute_say_so_without_its_page_and_not_as_no_such_task()
    {
        await using var foreign = await ForeignServer();
        var address = foreign.Urls.First();
        var output = Path.Combine(_directory, "logs-out");
        foreach (var (args, status) in new[]
        {
            (new[] { "trace", "1", "--server", address }, "404 Not Found"),
            (["report", "summary", "--server", address], "404 Not Found"),
            (["report", "tasks", "--server", address, "--csv"], "404 Not Found"),
            (["logs", "list", "--server", address], "404 Not Found"),
            (["logs", "get", "ctisvr", "--server", address, "--out", output], "404 Not Found"),
            (["logs", "level", "ctisvr", "INFO", "--server", address], "501 Not Implemented"),
        })
        {
            var run = await CliRun.RunAsync(args);
            AssertRefused(run, $"taskroute: the server at {address} answered {status} and does not look like a Taskroute server (or the path in its address is wrong)");
            Assert.DoesNotContain("<html", run.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Single(run.Error.TrimEnd().Split('\n'));
        }
    }

    [Fact]
    public async Task A_taskroute_address_with_a_path_of_its_own_is_said_to_be_wrong_not_taken_for_no_such_task()
    {
        await using var server = await TestServer.StartAsync(Path.Combine(_directory, "data"));
        var address = server.Client.BaseAddress!.ToString().TrimEnd('/');
        var wrongPath = await CliRun.RunAsync("trace", "1", "--server", address + "/taskroute", "--user", "sup1", "--password", "lab");
        AssertRefused(wrongPath, $"taskroute: the server at {address}/taskroute answered 404 Not Found: Taskroute answers at {address}, without the path /taskroute; give --server {address}");
        var levelAtWrongPath = await CliRun.RunAsync("logs", "level", "ctisvr", "INFO", "--server", address + "/taskroute/", "--user", "admin", "--password", "lab");
        AssertRefused(levelAtWrongPath, $"answered 404 Not Found: Taskroute answers at {address}, without the path /taskroute; give --server {address}");
        // At its own address, Taskroute's word: no such task, exit code 1.
        var noSuchTask = await CliRun.RunAsync("trace", "1", "--server", address, "--user", "sup1", "--password", "lab");
        Assert.Equal(1, noSuchTask.ExitCode);
        Assert.Contains("no task with DialogueID 1", noSuchTask.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_get_with_half_a_time_window_says_what_the_option_takes()
    {
        var data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(Path.Combine(data, "logs"));
        AssertRefused(await CliRun.RunAsync("logs", "get", "ctisvr", "--reltime", "30", "--data", data, "--out", Path.Combine(_directory, "out")),
            "taskroute: --reltime takes a unit and a number, as in --reltime minutes 30");
        AssertRefused(await CliRun.RunAsync("logs", "get", "ctisvr", "--abstime", "08:00:01/30/24", "--data", data, "--out", Path.Combine(_directory, "out")),
            "taskroute: --abstime takes two times, FROM and TO");
        // Both in one quoted argument, as the HTTP API's query has them, is the same as two.
        var quoted = await CliRun.RunAsync("logs", "get", "ctisvr", "--reltime", "minutes 30", "--data", data, "--out", Path.Combine(_directory, "out"));
        Assert.True(quoted.ExitCode == 0, quoted.Error);
    }

    [Fact]
    public async Task Logs_refuse_a_folder_that_is_not_a_data_directory_and_a_server_and_a_data_directory_together()
    {
        AssertRefused(await CliRun.RunAsync("logs", "list", "--data", "/nonexistent"), "taskroute: --data: no data directory at /nonexistent");
        var empty = Path.Combine(_directory, "empty");
        Directory.CreateDirectory(empty);
        var notData = await CliRun.RunAsync("logs", "list", "--data", empty);
        AssertRefused(notData, $"taskroute: --data: {empty} is not a Taskroute data directory (it holds neither a journal nor logs)");
        Assert.Equal("", notData.Out);
        // A level is not left in a folder of its own making.
        AssertRefused(await CliRun.RunAsync("logs", "level", "ctisvr", "INFO", "--data", empty), "is not a Taskroute data directory");
        Assert.Empty(Directory.GetFileSystemEntries(empty));

        // As trace and report say it; port 1: nothing is asked.
        foreach (var args in new[]
        {
            new[] { "logs", "level", "ctisvr", "INFO", "--data", empty, "--server", "http://127.0.0.1:1" },
            ["logs", "list", "--data", empty, "--server", "http://127.0.0.1:1"],
            ["logs", "get", "all", "--data", empty, "--server", "http://127.0.0.1:1"],
        })
        {
            var both = await CliRun.RunAsync(args);
            AssertRefused(both, "give either --server or --data, not both");
            Assert.Single(both.Error.TrimEnd().Split('\n'));
        }
    }

    /// <summary>A data directory whose logs hold one ctisvr file.</summary>
    private string DataWithLogs()
    {
        var data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(Path.Combine(data, "logs", "ctisvr"));
        File.WriteAllText(Path.Combine(data, "logs", "ctisvr", "ctisvr.2024-01-30.1.log"), "08:54:27.874 ctisvr-trace: a line\n");
        return data;
    }

    [Fact]
    public async Task Logs_get_into_a_place_that_cannot_take_the_files_is_one_line_naming_out()
    {
        var data = DataWithLogs();
        var file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "in the way", TestContext.Current.CancellationToken);
        AssertRefused(await CliRun.RunAsync("logs", "get", "ctisvr", "--data", data, "--out", file), $"taskroute: --out: {file} is a file, not a directory");
        AssertRefused(await CliRun.RunAsync("logs", "get", "ctisvr", "--data", data, "--out", Path.Combine(file, "below")), $"taskroute: --out: cannot write to {Path.Combine(file, "below")}: ");
        // /proc takes no new files, even from root.
        AssertRefused(await CliRun.RunAsync("logs", "get", "ctisvr", "--data", data, "--out", "/proc/taskroute-logs"), "taskroute: --out: cannot write to /proc/taskroute-logs: ");

        // Nothing matched: no folder is left behind by the check.
        var none = await CliRun.RunAsync("logs", "get", "ctisvr", "--data", data, "--match", "^nothing$", "--out", Path.Combine(_directory, "none", "below"));
        Assert.Equal((0, "No files matched."), (none.ExitCode, none.Out.Trim()));
        Assert.False(Directory.Exists(Path.Combine(_directory, "none")));

        var fetched = await CliRun.RunAsync("logs", "get", "ctisvr", "--data", data, "--out", Path.Combine(_directory, "out"));
        Assert.True(fetched.ExitCode == 0, fetched.Error);
        Assert.True(File.Exists(Path.Combine(_directory, "out", "ctisvr", "ctisvr.2024-01-30.1.log")));
        // The check that the folder takes a file leaves nothing behind.
        Assert.Equal(["ctisvr"], Directory.GetFileSystemEntries(Path.Combine(_directory, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Logs_level_on_a_data_directory_that_cannot_keep_it_is_one_line_naming_data()
    {
        var data = DataWithLogs();
        // What a read-only folder does to a user, done so that root meets it too.
        Directory.CreateDirectory(Path.Combine(data, "logs", "levels.json"));
        var run = await CliRun.RunAsync("logs", "level", "ctisvr", "DEBUG", "--data", data);
        AssertRefused(run, $"taskroute: --data: cannot write to {Path.Combine(data, "logs", "levels.json")}: ");
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Analyze_html_into_a_missing_folder_is_refused_before_the_logs_are_read()
    {
        var seed = Path.Combine(CliRun.RepositoryRoot(), "tests", "Taskroute.Analyzer.Tests", "Seed");
        var run = await CliRun.RunAsync("analyze", seed, "--html", "/nonexistent/r.html");
        AssertRefused(run, "taskroute: --html: cannot write to /nonexistent/r.html: no such directory /nonexistent");
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Report_interval_must_be_15_or_30_with_a_server_as_with_a_data_directory()
    {
        // Port 1: refused before any server is asked.
        var run = await CliRun.RunAsync("report", "summary", "--server", "http://127.0.0.1:1", "--interval", "17");
        AssertRefused(run, "taskroute: --interval: must be 15 or 30");
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Report_interval_is_refused_with_a_server_which_answers_in_its_own_intervals()
    {
        var run = await CliRun.RunAsync("report", "intervals", "--server", "http://127.0.0.1:1", "--interval", "15");
        AssertRefused(run, "taskroute: --interval: only with --data");
    }

    [Theory]
    [InlineData("cluster", "--help")]
    [InlineData("export", "--help")]
    [InlineData("export")]
    public async Task An_unknown_command_is_an_error_naming_it_even_with_help(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        AssertRefused(run, $"taskroute: Unrecognized command or argument '{args[0]}'.");
        Assert.Contains("taskroute: see 'taskroute --help'", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        // A command that exists still shows its help.
        var help = await CliRun.RunAsync("logs", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("level", help.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_of_inputs_none_of_which_could_be_read_says_so_and_exits_2_not_0()
    {
        // A gzip archive cut short after its header: the analyzer cannot read a line of it.
        var cut = Path.Combine(_directory, "ctisvr.log.gz");
        await File.WriteAllBytesAsync(cut, [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xfe], TestContext.Current.CancellationToken);
        var run = await CliRun.RunAsync("analyze", cut);
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Contains("taskroute: nothing could be read from the input: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_of_an_empty_folder_says_there_was_nothing_to_read_and_exits_2()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        Directory.CreateDirectory(Path.Combine(empty, "nor-in-here"));
        foreach (var json in new[] { false, true })
        {
            var run = await CliRun.RunAsync(json ? ["analyze", empty, "--json"] : ["analyze", empty]);
            AssertRefused(run, "taskroute: nothing to read: the folders given hold no files");
        }
    }

    [Fact]
    public async Task Analyze_of_a_path_that_names_nothing_writes_no_html_report()
    {
        var html = Path.Combine(_directory, "report.html");
        var run = await CliRun.RunAsync("analyze", Path.Combine(_directory, "collected-logs.zip"), "--html", html);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("collected-logs.zip: no such file or folder; nothing was analysed", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(html), "an HTML report of nothing was written");
        Assert.DoesNotContain("HTML report:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_refuses_a_mistyped_option_before_reading_any_log_and_names_the_one_meant()
    {
        var seed = Path.Combine(CliRun.RepositoryRoot(), "tests", "Taskroute.Analyzer.Tests", "Seed");
        var run = await CliRun.RunAsync("analyze", seed, "--jsno");
        AssertRefused(run, "taskroute: '--jsno' is neither an option nor a file or folder (did you mean --json?); the options are --task, --json, --html, --date, --tz, --max-events");
        Assert.Equal("", run.Out);
        var far = await CliRun.RunAsync("analyze", seed, "--bogus");
        AssertRefused(far, "'--bogus' is neither an option nor a file or folder; the options are");
        Assert.Equal("", far.Out);

        // A log whose name starts with a dash is still a log.
        File.Copy(Path.Combine(seed, "ctisvr.log"), Path.Combine(_directory, "--ctisvr.log"));
        var dashed = await CliRun.RunAsync(new Dictionary<string, string>(), ["analyze", "--ctisvr.log", "--json"], _directory);
        Assert.True(dashed.ExitCode == 0, $"exit code {dashed.ExitCode}: {dashed.Error}");
    }

    [Fact]
    public async Task Analyze_counts_a_path_that_names_nothing_in_its_notes_not_among_its_sources()
    {
        var seed = Path.Combine(CliRun.RepositoryRoot(), "tests", "Taskroute.Analyzer.Tests", "Seed");
        var missing = Path.Combine(_directory, "nope.log");
        var run = await CliRun.RunAsync("analyze", seed, missing);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("1 task(s) on 2024-01-30 in 7 source(s)", run.Out, StringComparison.Ordinal);
        // Alone, it is nothing analysed: said, with no empty tables to pass for an analysis.
        var alone = await CliRun.RunAsync("analyze", missing);
        AssertRefused(alone, $"taskroute: {missing}: no such file or folder; nothing was analysed");
        Assert.DoesNotContain("source(s)", alone.Out, StringComparison.Ordinal);
    }
}
