using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Taskroute.Server.Tests;

/// <summary>
/// <c>taskroute report tasks</c> without <c>--page</c> gives every task of the period, past the
/// server's pages; and the tables count the tasks Taskroute discarded.
/// </summary>
public class ReportEveryTaskTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 30, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A server holding this many tasks discarded for a script selector the lab lacks, all ended on <see cref="Day"/>.</summary>
    private static async Task<(TestServer Server, string Directory)> WithDiscardedTasks(int count)
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-every-task-").FullName;
        var server = await TestServer.StartAsync(directory, time: new FakeTimeProvider(Day));
        for (var sent = 0; sent < count; sent += 50)
        {
            var batch = Enumerable.Range(sent, Math.Min(50, count - sent))
                .Select(i => server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = $"n{i}", title = "t", scriptSelector = "Unknown" }));
            Assert.All(await Task.WhenAll(batch), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        }
        return (server, directory);
    }

    private static string[] Remote(TestServer server, params string[] args) =>
        ["report", .. args, "--server", server.Client.BaseAddress!.ToString(), "--user", "sup1", "--password", "lab", "--day", "2024-01-30", "--utc"];

    [Fact]
    public async Task Report_tasks_as_csv_holds_every_ended_task_past_the_servers_pages_under_one_header()
    {
        const int Tasks = 1_234;
        var (server, directory) = await WithDiscardedTasks(Tasks);
        try
        {
            await using var running = server;
            var csv = await CliRun.RunAsync(Remote(server, "tasks", "--csv"));
            Assert.True(csv.ExitCode == 0, csv.Error);
            var lines = csv.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Tasks + 1, lines.Length);
            Assert.Single(lines, l => l.StartsWith("task,contactId,", StringComparison.Ordinal));
            Assert.Equal(Tasks, lines.Skip(1).Distinct(StringComparer.Ordinal).Count());
            // The rows are the server's own CSV rows, page by page.
            var first = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/tasks?format=csv&pageSize=1000&from=2024-01-30&to=2024-01-31")).Content.ReadAsStringAsync();
            Assert.StartsWith(first, csv.Out, StringComparison.Ordinal);

            var json = await CliRun.RunAsync(Remote(server, "tasks", "--json"));
            Assert.True(json.ExitCode == 0, json.Error);
            var page = JsonDocument.Parse(json.Out).RootElement;
            Assert.Equal((Tasks, Tasks), (page.GetProperty("total").GetInt32(), page.GetProperty("tasks").GetArrayLength()));

            var table = await CliRun.RunAsync(Remote(server, "tasks"));
            Assert.True(table.ExitCode == 0, table.Error);
            Assert.Contains("2024-01-30 00:00 to 2024-01-31 00:00: 1234", table.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("a page)", table.Out, StringComparison.Ordinal);

            // A page asked for is that page.
            var second = await CliRun.RunAsync(Remote(server, "tasks", "--json", "--page", "2"));
            Assert.Equal(100, JsonDocument.Parse(second.Out).RootElement.GetProperty("tasks").GetArrayLength());

            // Stopped, its data directory gives the same.
            await running.DisposeAsync();
            var offline = await CliRun.RunAsync("report", "tasks", "--csv", "--data", directory, "--day", "2024-01-30", "--utc");
            Assert.True(offline.ExitCode == 0, offline.Error);
            Assert.Equal(csv.Out, offline.Out);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_tasks_as_json_without_a_page_names_no_page_or_page_size_and_one_asked_for_names_them()
    {
        var (server, directory) = await WithDiscardedTasks(3);
        try
        {
            await using var running = server;
            // Every task of the period is no page: a pageSize of 3 would read as if the server paged by 3.
            var every = JsonDocument.Parse((await CliRun.RunAsync(Remote(server, "tasks", "--json"))).Out).RootElement;
            Assert.Equal((3, 3), (every.GetProperty("total").GetInt32(), every.GetProperty("tasks").GetArrayLength()));
            Assert.False(every.TryGetProperty("pageSize", out _));
            Assert.False(every.TryGetProperty("page", out _));

            var asked = JsonDocument.Parse((await CliRun.RunAsync(Remote(server, "tasks", "--json", "--page", "1"))).Out).RootElement;
            Assert.Equal((1, 100, 3), (asked.GetProperty("page").GetInt32(), asked.GetProperty("pageSize").GetInt32(), asked.GetProperty("tasks").GetArrayLength()));

            await running.DisposeAsync();
            var offline = JsonDocument.Parse((await CliRun.RunAsync("report", "tasks", "--json", "--data", directory, "--day", "2024-01-30", "--utc")).Out).RootElement;
            Assert.False(offline.TryGetProperty("pageSize", out _));
            Assert.Equal(3, offline.GetProperty("tasks").GetArrayLength());
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Report_tables_show_the_tasks_discarded_for_an_unknown_script_selector()
    {
        var (server, directory) = await WithDiscardedTasks(3);
        try
        {
            await using var running = server;
            var table = await CliRun.RunAsync(Remote(server, "summary", "--by", "selector"));
            Assert.True(table.ExitCode == 0, table.Error);
            var header = table.Out.Split('\n').First(l => l.Contains("Offered", StringComparison.Ordinal));
            var row = table.Out.Split('\n').First(l => l.Contains("Unknown", StringComparison.Ordinal));
            var columns = header.Split('│').Select(c => c.Trim()).ToList();
            var cells = row.Split('│').Select(c => c.Trim()).ToList();
            Assert.Equal(("3", "3"), (cells[columns.IndexOf("Offered")], cells[columns.IndexOf("Discarded")]));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
