using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Server.Reporting;
using Taskroute.Server.Tracing;
using Taskroute.Storage;

namespace Taskroute.Server.Tests;

/// <summary>
/// The trace index and the reports stop when their own file refuses a write (here a trigger another
/// connection put in, as a full disk or another program's lock would) and come back by themselves
/// once it is gone: every task found, every task counted once, with no restart.
/// </summary>
public class DerivedStoreRecoveryTests
{
    // The half hour 13:30 to 14:00 UTC holds every submit: the clock moves only by the retry's wait.
    private static readonly DateTimeOffset Start = new(2024, 1, 30, 13, 40, 0, TimeSpan.Zero);
    private const string HalfHour = "from=2024-01-30T13:30:00Z&to=2024-01-30T14:00:00Z";

    [Fact]
    public async Task A_trace_index_that_could_not_write_finds_every_task_again_once_it_can()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await TestServer.StartAsync(time: time);
        var indexer = server.App.Services.GetRequiredService<TraceIndexer>();
        var before = await Submit(server);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/" + before)).StatusCode);

        string during;
        using (Refuse(server, "trace-index.db", "ids"))
        {
            during = await Submit(server);
            Assert.True(SpinWait.SpinUntil(() => indexer.Stopped, TimeSpan.FromSeconds(20)), "the index did not stop when its file refused the write");
            var refused = await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/" + during);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("tries again every 30 s", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Handed over while the index stands still: dropped there, found again in the journal.
        var whileStopped = await Submit(server);
        Assert.True(indexer.Stopped, "the index came back before its time to try again");

        time.Advance(TraceIndexer.RetryAfter);
        Assert.True(SpinWait.SpinUntil(() => !indexer.Stopped, TimeSpan.FromSeconds(20)), "the index did not try again");
        var after = await Submit(server);
        // The lookup itself waits only two seconds; a busy test machine can take longer to wake the index.
        Assert.True(indexer.WaitFor(server.App.Services.GetRequiredService<IJournal>().LastSequence, TimeSpan.FromSeconds(20)), "the index did not catch up");
        foreach (var contact in new[] { before, during, whileStopped, after })
        {
            var response = await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/" + contact);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{contact}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Contains(contact, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reports_that_could_not_save_count_every_task_once_when_they_can_again()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await TestServer.StartAsync(time: time);
        var keeper = server.App.Services.GetRequiredService<ReportKeeper>();
        await Submit(server);
        Assert.Equal(1, await Offered(server));

        using (Refuse(server, "reports.db", "intervals"))
        {
            await Submit(server);
            var refused = await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/summary?by=mrd&" + HalfHour);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(keeper.Stopped);
            Assert.Contains("try again every 30 s", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await Submit(server);
        Assert.True(keeper.Stopped, "the reports came back before their time to try again");

        time.Advance(ReportKeeper.RetryAfter);
        Assert.True(SpinWait.SpinUntil(() => !keeper.Stopped, TimeSpan.FromSeconds(20)), "the reports did not try again");
        await Submit(server);
        // The one counted before the failure is not counted again; the two after it are not lost.
        Assert.Equal(4, await Offered(server));
    }

    private static async Task<string> Submit(TestServer server)
    {
        var response = await server.SendAs(null, HttpMethod.Post, "/api/v1/tasks", new { name = "Recovery", title = "derived stores" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<long> Offered(TestServer server)
    {
        // The query itself waits only five seconds; a busy test machine can take longer to wake the reports.
        var keeper = server.App.Services.GetRequiredService<ReportKeeper>();
        Assert.True(keeper.WaitFor(server.App.Services.GetRequiredService<IJournal>().LastSequence, TimeSpan.FromSeconds(20)), "the reports did not catch up");
        var response = await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/summary?by=mrd&" + HalfHour);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "5011");
        return row.GetProperty("counts").GetProperty("offered").GetInt64();
    }

    /// <summary>Makes every insert into <paramref name="table"/> of the server's <paramref name="file"/> fail until disposed.</summary>
    private static Refusal Refuse(TestServer server, string file, string table)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(server.DataDirectory, file), Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"CREATE TRIGGER refuse_writes BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        return new Refusal(connection);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Refusal(SqliteConnection connection) : IDisposable
    {
        public void Dispose()
        {
            Execute(connection, "DROP TRIGGER refuse_writes;");
            connection.Dispose();
        }
    }
}
