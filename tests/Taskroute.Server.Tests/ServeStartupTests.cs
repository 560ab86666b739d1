using System.Net;
using System.Net.Sockets;

namespace Taskroute.Server.Tests;

/// <summary>What <c>taskroute serve</c> says when it cannot start: one line naming the setting or path, a non-zero exit, never a stack trace.</summary>
public class ServeStartupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "taskroute-startup-" + Guid.NewGuid().ToString("N"));

    public ServeStartupTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertOneClearLine(CliRun run, string expected)
    {
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.All(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("taskroute: ", line, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_is_refused_while_the_first_runs()
    {
        var data = Path.Combine(_directory, "data");
        await using (var first = await TestServer.StartAsync(data))
        {
            await Assert.ThrowsAsync<Hosting.DataDirectoryInUseException>(() => TestServer.StartAsync(data));
            AssertOneClearLine(await CliRun.RunAsync("serve", "--data", data, "--urls", "http://127.0.0.1:0"), "is in use by another Taskroute server");
            // The first goes on taking tasks.
            var created = await first.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // Once it has stopped, the directory is free again.
        await using var again = await TestServer.StartAsync(data);
    }

    [Fact]
    public async Task A_second_server_on_the_same_postgresql_journal_is_refused_while_the_first_runs()
    {
        var connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(connection), "TASKROUTE_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)");
        void OnPostgres(Hosting.ServerOptions o)
        {
            o.Storage = "postgres";
            o.Connection = connection;
            o.SnapshotEvery = 0;
        }
        await using (var first = await TestServer.StartAsync(Path.Combine(_directory, "a"), configure: OnPostgres))
        {
            // Another data directory, the same journal: refused all the same.
            var refused = await Assert.ThrowsAsync<Taskroute.Storage.JournalInUseException>(() => TestServer.StartAsync(Path.Combine(_directory, "b"), configure: OnPostgres));
            Assert.Contains("another Taskroute server", refused.Message, StringComparison.Ordinal);
        }
        await using var again = await TestServer.StartAsync(Path.Combine(_directory, "c"), configure: OnPostgres);
    }

    [Fact]
    public async Task Bad_settings_and_unusable_places_are_one_line_naming_what_is_wrong()
    {
        var file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", file), "is a file, not a directory");

        var data = Path.Combine(_directory, "data");
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", data, "--urls", "127.0.0.1:5208"), "--urls");

        var env = new Dictionary<string, string>();
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__SnapshotEvery"] = "abc" }, ["serve", "--data", data]),
            "Taskroute:SnapshotEvery (Taskroute__SnapshotEvery): a whole number (got 'abc')");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__Storage"] = "mysql" }, ["serve", "--data", data]), "sqlite or postgres (got 'mysql')");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__PresenceTimeoutSeconds"] = "-1" }, ["serve", "--data", data]), "Taskroute:PresenceTimeoutSeconds");
        // --storage as the docs give it: any case, and a bad value is one line and exit 2, as from the environment.
        var bogus = await CliRun.RunAsync("serve", "--data", data, "--storage", "bogus");
        AssertOneClearLine(bogus, "--storage (Taskroute:Storage): sqlite or postgres (got 'bogus')");
        Assert.Equal(2, bogus.ExitCode);
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", data, "--storage", "Postgres"), "--storage postgres needs --connection");
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", file, "--storage", "SQLite"), "is a file, not a directory");

        var settings = Path.Combine(_directory, "cwd");
        Directory.CreateDirectory(settings);
        await File.WriteAllTextAsync(Path.Combine(settings, "appsettings.json"), """{"Taskroute": {""", TestContext.Current.CancellationToken);
        var notJson = await CliRun.RunAsync(env, ["serve", "--data", data], settings);
        AssertOneClearLine(notJson, "appsettings.json is not valid JSON at line 1, column 16: the file ends with a mapping or list still open");
        Assert.DoesNotContain("BytePositionInLine", notJson.Error, StringComparison.Ordinal);
        // A misspelled setting would have the server start on the default: it is named instead.
        await File.WriteAllTextAsync(Path.Combine(settings, "appsettings.json"), """{"Taskroute": {"DataDir": "/tmp/elsewhere"}}""", TestContext.Current.CancellationToken);
        AssertOneClearLine(await CliRun.RunAsync(env, ["serve", "--data", data], settings), "Taskroute:DataDir (Taskroute__DataDir): unknown setting (check its spelling); the settings are ");
        File.Delete(Path.Combine(settings, "appsettings.json"));
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__Url"] = "http://127.0.0.1:0" }, ["serve", "--data", data]), "Taskroute:Url (Taskroute__Url): unknown setting");

        var broken = Path.Combine(_directory, "broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "journal.db"), "this is not a database", TestContext.Current.CancellationToken);
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", broken, "--urls", "http://127.0.0.1:0"), $"in the data directory {broken}");

        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}"), "address already in use");
    }
}
