using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Taskroute.Core.Commands;
using Taskroute.Storage;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

/// <summary>
/// <c>--storage postgres</c> never reads a data directory's <c>journal.db</c>, and nothing moves its
/// records over: a switch that would leave them behind is refused, and one that already has a
/// PostgreSQL journal is told the file beside it is not read.
/// </summary>
public sealed class SqliteJournalBesideTests : IDisposable
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");

    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-beside-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    private string Data => Path.Combine(_directory, "data");

    [Fact]
    public async Task Switching_to_an_empty_postgresql_journal_over_a_sqlite_journal_with_records_is_refused_naming_them_and_the_two_ways_on()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(Connection), "TASKROUTE_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)");
        var ct = TestContext.Current.CancellationToken;
        string task;
        await using (var sqlite = await TestServer.StartAsync(Data))
        {
            using var created = await sqlite.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n", title = "t" }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            task = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        }
        long records;
        using (var journal = new SqliteJournal(Path.Combine(Data, "journal.db"))) records = journal.LastSequence;
        Assert.True(records > 0);

        await using var database = await ScratchDatabase.CreateAsync(Connection!);
        var refused = await CliRun.RunAsync("serve", "--data", Data, "--storage", "postgres", "--connection", database.ConnectionString, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"taskroute: could not start: the data directory {Data} holds a SQLite journal, journal.db, with {records:N0} records, and the PostgreSQL journal is empty: " +
            "--storage postgres does not read journal.db, and there is no migration between the two stores", refused.Error, StringComparison.Ordinal);
        Assert.Contains("start with the SQLite store as before (--storage sqlite, the default)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("to start PostgreSQL empty on purpose, move journal.db (and journal.db-wal and journal.db-shm, if there) out of the data directory first", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error + refused.Out, StringComparison.Ordinal);

        // The first way on: the SQLite store as before, its task still there.
        await using var again = await TestServer.StartAsync(Data);
        using var kept = await again.SendAs("sup1", HttpMethod.Get, "/api/v1/traces/" + task);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Fact]
    public async Task A_postgresql_journal_with_records_starts_beside_a_sqlite_journal_and_says_once_that_journal_db_is_not_read()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(Connection), "TASKROUTE_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)");
        var ct = TestContext.Current.CancellationToken;
        await using var database = await ScratchDatabase.CreateAsync(Connection!);
        await using (var first = await TestServer.StartAsync(Data, configure: o =>
        {
            o.Storage = "postgres";
            o.Connection = database.ConnectionString;
        }))
        {
            using var created = await first.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n", title = "t" }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // A SQLite journal left in the directory from before the switch.
        using (var journal = new SqliteJournal(Path.Combine(Data, "journal.db")))
            journal.Append([new JournalEntry(1_706_622_867_874L, new Tick(1_706_622_867_874L), null, [])]);

        await using var server = await ChildServer.StartAsync(Data, ct, "--storage", "postgres", "--connection", database.ConnectionString);
        await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
        await server.WaitForOutputAsync("which this server does not read", TimeSpan.FromSeconds(30), ct);
        Assert.Equal(1, server.Output.Split("which this server does not read").Length - 1);
        Assert.Contains($"The data directory {Data} holds a SQLite journal, journal.db, with 1 record, which this server does not read: its journal is the PostgreSQL one (--storage postgres)",
            server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Going_back_to_sqlite_over_a_directory_last_served_from_postgresql_is_refused_naming_where_its_journal_is()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(Connection), "TASKROUTE_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)");
        var ct = TestContext.Current.CancellationToken;
        await using var database = await ScratchDatabase.CreateAsync(Connection!);
        string task;
        await using (var postgres = await TestServer.StartAsync(Data, configure: o =>
        {
            o.Storage = "postgres";
            o.Connection = database.ConnectionString;
        }))
        {
            using var created = await postgres.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n", title = "t" }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            task = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        }

        // The operator forgot --storage postgres: the default SQLite store would start empty.
        var refused = await CliRun.RunAsync("serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, refused.ExitCode);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        Assert.Contains($"taskroute: could not start: the data directory {Data} was last served with its journal in PostgreSQL (Host={builder.Host};Port={builder.Port};Database={builder.Database}), " +
            "and its SQLite journal, journal.db, holds no records", refused.Error, StringComparison.Ordinal);
        Assert.Contains("start with --storage postgres --connection", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", refused.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", refused.Error + refused.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Data, "journal.db")), "the refused start left an empty journal.db behind");

        // The way on: PostgreSQL as before, its task still there.
        await using (var again = await TestServer.StartAsync(Data, configure: o =>
        {
            o.Storage = "postgres";
            o.Connection = database.ConnectionString;
        }))
        {
            using var kept = await again.SendAs("sup1", HttpMethod.Get, "/api/v1/traces/" + task);
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        // Starting SQLite empty on purpose: the mark deleted, as the message says.
        File.Delete(Path.Combine(Data, "journal-store"));
        await using var fresh = await TestServer.StartAsync(Data);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Client.GetAsync("/readyz", ct)).StatusCode);
    }
}
