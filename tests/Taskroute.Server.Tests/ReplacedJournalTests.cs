using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>
/// The trace index and the reports in a data directory belong to the journal they were built from:
/// restarted beside a journal restored from an older backup, or switched to another storage, they
/// are rebuilt from the journal the server now has, so a trace is of the task asked for and the
/// reports count the tasks that journal holds.
/// </summary>
public sealed class ReplacedJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-replaced-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 30, 13, 35, 0, TimeSpan.Zero));
    private const string HalfHour = "from=2024-01-30T13:30:00Z&to=2024-01-30T14:00:00Z";

    public void Dispose() => TestServer.TryDelete(_directory);

    private string Data => Path.Combine(_directory, "data");

    private Task<TestServer> Start(Action<ServerOptions>? configure = null) => TestServer.StartAsync(Data, time: _time, configure: configure);

    /// <summary>Submits a task through the CCP Task API; returns its SocialContact id.</summary>
    private async Task<Guid> Submit(TestServer server, string name)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        var created = await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent($"<Task><name>{name}</name><title>t</title><scriptSelector>CumulusTask</scriptSelector></Task>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return Guid.Parse(created.Headers.Location!.Segments[^1]);
    }

    private static async Task<HttpResponseMessage> Trace(TestServer server, Guid contact) =>
        await server.SendAs("sup1", HttpMethod.Get, "/api/v1/traces/" + contact);

    private static async Task AssertTraceOf(TestServer server, Guid contact)
    {
        var response = await Trace(server, contact);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{contact}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(contact, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contactId").GetGuid());
    }

    private static async Task AssertNoTrace(TestServer server, Guid contact)
    {
        var response = await Trace(server, contact);
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{contact}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Tasks offered to the lab's task MRD in the half hour, as the summary report shows them.</summary>
    private static async Task<long> Offered(TestServer server)
    {
        var response = await server.SendAs("sup1", HttpMethod.Get, "/api/v1/reports/summary?by=mrd&" + HalfHour);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        return report.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("id").GetString() == "5011")
            .Sum(r => r.GetProperty("counts").GetProperty("offered").GetInt64());
    }

    [Fact]
    public async Task Restarted_beside_a_journal_restored_from_an_older_backup_traces_and_reports_are_of_that_journal()
    {
        Guid[] kept, lost;
        await using (var first = await Start())
            kept = [await Submit(first, "a1"), await Submit(first, "a2")];
        // The backup: a copy of the journal of the stopped server.
        var backup = Path.Combine(_directory, "backup");
        Directory.CreateDirectory(backup);
        foreach (var file in Directory.GetFiles(Data, "journal.db*")) File.Copy(file, Path.Combine(backup, Path.GetFileName(file)));

        await using (var second = await Start())
        {
            lost = [await Submit(second, "b1"), await Submit(second, "b2")];
            // The index and the reports went as far as the journal did.
            await AssertTraceOf(second, lost[1]);
            Assert.Equal(4, await Offered(second));
        }

        // Restored as operations.md says: the copy put in place as the journal, the snapshots deleted.
        // The trace index and the reports stay, newer than the journal.
        foreach (var file in Directory.GetFiles(Data, "journal.db*")) File.Delete(file);
        if (Directory.Exists(Path.Combine(Data, "snapshots"))) Directory.Delete(Path.Combine(Data, "snapshots"), recursive: true);
        foreach (var file in Directory.GetFiles(backup)) File.Copy(file, Path.Combine(Data, Path.GetFileName(file)));

        await using var restored = await Start();
        // The new task takes the number the lost b1 had in the old index.
        var after = await Submit(restored, "c1");
        await AssertTraceOf(restored, after);
        foreach (var contact in lost) await AssertNoTrace(restored, contact);
        foreach (var contact in kept) await AssertTraceOf(restored, contact);
        Assert.Equal(3, await Offered(restored));
    }

    [Fact]
    public async Task A_trace_index_and_reports_that_are_not_databases_any_more_are_moved_aside_and_built_again_from_the_journal()
    {
        Guid[] tasks;
        await using (var first = await Start()) tasks = [await Submit(first, "a1"), await Submit(first, "a2")];
        foreach (var name in new[] { "trace-index.db", "reports.db" })
        {
            foreach (var file in Directory.GetFiles(Data, name + "-*")) File.Delete(file);
            File.WriteAllBytes(Path.Combine(Data, name), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        }

        await using var restarted = await Start();
        foreach (var task in tasks) await AssertTraceOf(restarted, task);
        Assert.Equal(2, await Offered(restarted));
        // Kept beside, for whoever wants to know what damaged them.
        Assert.Single(Directory.GetFiles(Data, "trace-index.db.damaged-*Z"));
        Assert.Single(Directory.GetFiles(Data, "reports.db.damaged-*Z"));
    }

    [Fact]
    public async Task A_data_directory_switched_from_sqlite_to_a_new_postgresql_journal_traces_and_reports_only_that_journals_tasks()
    {
        var connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(connection), "TASKROUTE_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)");
        Guid[] onSqlite;
        await using (var sqlite = await Start())
        {
            onSqlite = [await Submit(sqlite, "s1"), await Submit(sqlite, "s2"), await Submit(sqlite, "s3")];
            await AssertTraceOf(sqlite, onSqlite[0]);
            Assert.Equal(3, await Offered(sqlite));
        }

        // Moved out of the data directory, as the refusal of a switch over a SQLite journal says to start PostgreSQL empty on purpose.
        var aside = Path.Combine(_directory, "sqlite-journal");
        Directory.CreateDirectory(aside);
        foreach (var file in Directory.GetFiles(Data, "journal.db*")) File.Move(file, Path.Combine(aside, Path.GetFileName(file)));

        await using var database = await ScratchDatabase.CreateAsync(connection);
        await using var postgres = await Start(o =>
        {
            o.Storage = "postgres";
            o.Connection = database.ConnectionString;
        });
        var task = await Submit(postgres, "p1");
        await AssertTraceOf(postgres, task);
        foreach (var contact in onSqlite) await AssertNoTrace(postgres, contact);
        Assert.Equal(1, await Offered(postgres));
    }

    [Fact]
    public async Task Restarted_beside_a_postgresql_journal_reloaded_from_an_older_dump_traces_and_reports_are_of_that_journal()
    {
        var connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(connection), "TASKROUTE_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)");
        await using var database = await ScratchDatabase.CreateAsync(connection);
        void OnPostgres(ServerOptions o)
        {
            o.Storage = "postgres";
            o.Connection = database.ConnectionString;
        }
        Guid[] kept, lost;
        long dumped;
        await using (var first = await Start(OnPostgres))
        {
            kept = [await Submit(first, "a1"), await Submit(first, "a2")];
            dumped = first.App.Services.GetRequiredService<Taskroute.Storage.IJournal>().LastSequence;
            lost = [await Submit(first, "b1"), await Submit(first, "b2")];
            await AssertTraceOf(first, lost[1]);
            Assert.Equal(4, await Offered(first));
        }

        // What reloading a pg_dump taken after a2 leaves: the journal's tables as they were then, and
        // the snapshots deleted (operations.md, Backup and restore).
        await database.ExecuteAsync($"""
            DELETE FROM taskroute_journal WHERE seq > {dumped};
            DELETE FROM taskroute_journal_tasks WHERE seq > {dumped};
            DELETE FROM taskroute_journal_snapshots;
            """);

        await using var restored = await Start(OnPostgres);
        var after = await Submit(restored, "c1");
        await AssertTraceOf(restored, after);
        foreach (var contact in lost) await AssertNoTrace(restored, contact);
        foreach (var contact in kept) await AssertTraceOf(restored, contact);
        Assert.Equal(3, await Offered(restored));
    }
}
