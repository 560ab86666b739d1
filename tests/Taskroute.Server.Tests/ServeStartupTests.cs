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
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_data_directory_the_server_creates_is_its_owners_only_and_one_that_exists_is_left_as_it_was()
    {
        var created = Path.Combine(_directory, "new", "data");
        await using (await TestServer.StartAsync(created)) { }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(created));

        var shared = Path.Combine(_directory, "shared");
        Directory.CreateDirectory(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        await using (await TestServer.StartAsync(shared)) { }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(shared));
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
        // Not a database where the journal should be: said as damage, which a backup mends.
        var notADatabase = await CliRun.RunAsync("serve", "--data", broken, "--urls", "http://127.0.0.1:0");
        AssertOneClearLine(notADatabase, $"(data directory {broken})");
        Assert.Contains("is damaged (SQLite Error 26: 'file is not a database'): with the server stopped, find which", notADatabase.Error, StringComparison.Ordinal);

        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}"), "address already in use");
    }

    [Fact]
    public async Task A_journal_record_that_cannot_be_read_stops_the_start_in_one_line_naming_the_record()
    {
        var data = Path.Combine(_directory, "damaged");
        await using (var server = await TestServer.StartAsync(data))
        {
            var submitted = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        }
        // Damage inside a committed record, which SQLite hands back whole: a disk's or a hand's, not a crash's.
        long last;
        using (var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "journal.db")};Pooling=False"))
        {
            file.Open();
            using var damage = file.CreateCommand();
            damage.CommandText = "UPDATE journal SET command = substr(command, 1, 20) || char(0) WHERE seq = (SELECT MAX(seq) FROM journal WHERE command IS NOT NULL) RETURNING seq;";
            last = (long)damage.ExecuteScalar()!;
        }
        foreach (var snapshot in Directory.GetFiles(Path.Combine(data, "snapshots"))) File.Delete(snapshot);
        var run = await CliRun.RunAsync("serve", "--data", data, "--urls", "http://127.0.0.1:0");
        AssertOneClearLine(run, $"the journal {Path.Combine(data, "journal.db")} is damaged: record {last} cannot be read");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Restore the data directory from a backup", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_the_binder_would_pass_over_or_misread_are_one_line_naming_them()
    {
        var data = Path.Combine(_directory, "data");
        var file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);
        AssertOneClearLine(await CliRun.RunAsync("serve", "--data", ""), "--data (Taskroute:DataDirectory): a directory is needed (got an empty value)");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__DataDirectory"] = "" }, ["serve"]), "--data (Taskroute:DataDirectory): a directory is needed");
        // A connection string with the SQLite journal would be passed over: the database meant never comes.
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__Connection"] = "Host=x" }, ["serve", "--data", data]),
            "--connection (Taskroute:Connection): only with --storage postgres");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__SnapshotEvery"] = "99999999999" }, ["serve", "--data", data]),
            "Taskroute:SnapshotEvery (Taskroute__SnapshotEvery): a whole number up to 2147483647 (got '99999999999')");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__SubmitsPerSecond"] = "abc" }, ["serve", "--data", data]),
            "Taskroute:SubmitsPerSecond (Taskroute__SubmitsPerSecond): a number (got 'abc')");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__PresenceTimeoutSeconds"] = "2147483647" }, ["serve", "--data", data]),
            "Taskroute:PresenceTimeoutSeconds: 0 (off) to 86400 seconds (got 2147483647)");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__LogsDirectory"] = file }, ["serve", "--data", data]),
            "Taskroute:LogsDirectory: '" + file + "' is a file, not a directory");
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__MeterName"] = " " }, ["serve", "--data", data]),
            "Taskroute:MeterName: a name for the server's OpenTelemetry meter (default Taskroute); got none");

        var settings = Path.Combine(_directory, "cwd-lists");
        Directory.CreateDirectory(settings);
        await File.WriteAllTextAsync(Path.Combine(settings, "appsettings.json"), """{"Taskroute": {"Urls": ["http://127.0.0.1:5309"]}}""", TestContext.Current.CancellationToken);
        AssertOneClearLine(await CliRun.RunAsync(new Dictionary<string, string>(), ["serve", "--data", data], settings),
            "Taskroute:Urls (Taskroute__Urls): one value, not a list or an object (several addresses go in one string, separated by ';')");
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    // Kestrel listened on every interface for a host that is not an IP address or localhost.
    [InlineData("http://256.1.1.1:5184", "'http://256.1.1.1:5184' names the host '256.1.1.1', which is not an IP address or localhost")]
    [InlineData("http://example.invalid:5184", "names the host 'example.invalid', which is not an IP address or localhost (for any other name Kestrel would listen on every interface)")]
    // On port 80, and on localhost:5000.
    [InlineData("http://127.0.0.1:abc", "'http://127.0.0.1:abc' has the port 'abc', which is not a number from 0 to 65535")]
    [InlineData("", "--urls (Taskroute:Urls): no address to listen on")]
    // Stack traces.
    [InlineData("http://127.0.0.1:99999", "has the port '99999', which is not a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:-1", "has the port '-1'")]
    [InlineData("https://127.0.0.1:5184", "'https://127.0.0.1:5184' is https, which Taskroute does not serve: listen on http on this machine and put a reverse proxy that ends TLS in front")]
    [InlineData("http://127.0.0.1:5184/sub/path", "'http://127.0.0.1:5184/sub/path' has a path")]
    [InlineData("http://localhost:0", "asks for any free port on localhost")]
    [InlineData("http://127.0.0.1:5184;http://127.0.0.1:5184/", "'http://127.0.0.1:5184' is given twice; give each address once")]
    // Each of several.
    [InlineData("http://127.0.0.1:0;http://example.invalid:1", "'http://example.invalid:1' names the host 'example.invalid'")]
    public async Task A_listen_address_that_is_not_http_host_port_is_refused_naming_it_and_why(string urls, string expected)
    {
        var data = Path.Combine(_directory, "data");
        var run = await CliRun.RunAsync("serve", "--data", data, "--urls", urls);
        AssertOneClearLine(run, expected);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("taskroute: --urls (Taskroute:Urls): ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal("", run.Out);
        // Nothing was started, so nothing was written.
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task A_listen_address_from_the_environment_or_for_a_silo_is_checked_as_from_the_command_line()
    {
        var fromEnvironment = await CliRun.RunAsync(new Dictionary<string, string> { ["Taskroute__Urls"] = "http://example.invalid:5184" }, ["serve", "--data", Path.Combine(_directory, "data")]);
        AssertOneClearLine(fromEnvironment, "--urls (Taskroute:Urls): 'http://example.invalid:5184' names the host 'example.invalid'");
        Assert.Equal(2, fromEnvironment.ExitCode);
        // A silo says so before it tries PostgreSQL (nothing listens on port 1).
        var silo = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z", "--urls", "https://127.0.0.1:5184");
        AssertOneClearLine(silo, "--urls (Taskroute:Urls): 'https://127.0.0.1:5184' is https, which Taskroute does not serve");
        Assert.Equal(2, silo.ExitCode);
    }

    [Fact]
    public void Listen_addresses_take_ip_addresses_localhost_and_the_every_interface_forms()
    {
        Assert.Null(new Hosting.ServerOptions { Urls = "http://127.0.0.1:0; http://[::1]:5080;http://localhost:5080/;HTTP://LOCALHOST:5081" }.UrlsProblem());
        Assert.Null(new Hosting.ServerOptions { Urls = "http://*:5080;http://+:5081;http://0.0.0.0:5082;http://[::]:5083;http://10.1.2.3:65535" }.UrlsProblem());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://localhost:5080", false)]
    [InlineData("http://[::1]:5080", false)]
    [InlineData("http://0.0.0.0:5080", true)]
    [InlineData("http://[::]:5080", true)]
    [InlineData("http://10.1.2.3:5080", true)]
    public void The_lab_warns_of_its_published_password_when_it_listens_beyond_this_machine(string address, bool warned) =>
        Assert.Equal(warned, Taskroute.Cli.Commands.ServeCommand.ListensBeyondThisMachine(address));

    [Theory]
    [InlineData("Host=db.example.com;Port=5433;Username=taskroute;Password=s3cret-Pw;Database=routing", "PostgreSQL at host db.example.com, port 5433, database routing")]
    [InlineData("Host=127.0.0.1;Username=taskroute;Password=s3cret-Pw;Database=taskroute", "PostgreSQL at host 127.0.0.1, port 5432, database taskroute")]
    [InlineData("Host=127.0.0.1;Username=taskroute;Password=s3cret-Pw", "PostgreSQL at host 127.0.0.1, port 5432, database not given (PostgreSQL takes the user name's)")]
    public void The_banner_names_the_journals_postgresql_host_port_and_database_and_never_its_password(string connection, string said)
    {
        // It said "Journal: PostgreSQL" and no more: which database a server writes was nowhere to be seen.
        Assert.Equal(said, Taskroute.Cli.Commands.PostgresPlace.Of(connection));
        Assert.DoesNotContain("s3cret", Taskroute.Cli.Commands.PostgresPlace.Of(connection), StringComparison.Ordinal);
    }

    [Fact]
    public void The_banner_says_whether_otlp_export_is_on_and_over_which_protocol()
    {
        static string? Said(bool traces, params (string Name, string Value)[] set)
        {
            var variables = set.ToDictionary(v => v.Name, v => v.Value);
            return Taskroute.Cli.Commands.OtlpExport.Describe(name => variables.GetValueOrDefault(name), traces);
        }

        Assert.Null(Said(traces: true));
        var grpc = Said(true, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));
        Assert.StartsWith("OpenTelemetry: traces and metrics over OTLP gRPC to http://collector:4317; gRPC is the exporter's default: for a collector's HTTP port (4318) set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.", grpc, StringComparison.Ordinal);
        Assert.EndsWith("Exports that fail are not logged here: the collector's own log shows what arrives", grpc, StringComparison.Ordinal);
        Assert.StartsWith("OpenTelemetry: traces and metrics over OTLP http/protobuf to http://collector:4318. ",
            Said(true, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")), StringComparison.Ordinal);
        // A silo exports metrics alone.
        Assert.StartsWith("OpenTelemetry: metrics over OTLP http/protobuf to http://collector:4318. ",
            Said(false, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")), StringComparison.Ordinal);
        // As the exporter reads them: a signal's own variables first, the exporter's defaults for the rest.
        Assert.StartsWith("OpenTelemetry: traces over OTLP http/protobuf to http://collector:4318/v1/traces, metrics over OTLP gRPC to http://localhost:4317; gRPC is",
            Said(true, ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")), StringComparison.Ordinal);
        // A protocol the exporter does not take is passed over for gRPC: said as gRPC, and warned of.
        Assert.Contains("over OTLP gRPC", Said(true, ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http")), StringComparison.Ordinal);
        Assert.Equal(["OTEL_EXPORTER_OTLP_PROTOCOL 'http' is not a protocol the OTLP exporter takes (grpc or http/protobuf); it is passed over"],
            Taskroute.Cli.Commands.OtlpExport.Warnings(name => name == "OTEL_EXPORTER_OTLP_PROTOCOL" ? "http" : null));
    }

    [Fact]
    public async Task The_banner_says_where_moved_component_logs_are_and_that_otlp_export_is_on_over_its_protocol()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = Path.Combine(_directory, "logs-elsewhere");
        // Nothing listens there: the exporter fails without a word, which is why the banner says where it sends.
        var collector = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>
        {
            ["Taskroute__LogsDirectory"] = logs,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        await using var server = await ChildServer.StartAsync(Path.Combine(_directory, "data"), environment, ct);
        await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);

        Assert.Contains($"Component logs: {logs} (Taskroute:LogsDirectory)", server.Output, StringComparison.Ordinal);
        Assert.Contains($"OpenTelemetry: traces and metrics over OTLP http/protobuf to {collector}. Exports that fail are not logged here", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_addresses_with_spaces_around_them_are_listened_on_as_checked()
    {
        // Kestrel took a space after ';' for part of the scheme, and stopped with a stack trace.
        await using var server = await TestServer.StartAsync(configure: options => options.Urls = " http://127.0.0.1:0 ; ");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Options_for_a_silo_or_postgresql_given_to_a_single_sqlite_server_are_refused_naming_them()
    {
        var data = Path.Combine(_directory, "data");
        var silo = await CliRun.RunAsync("serve", "--data", data, "--domains", "a,b", "--silo-port", "5");
        AssertOneClearLine(silo, "--domains, --silo-port: only with --cluster postgres");
        Assert.Equal(2, silo.ExitCode);
        var connection = await CliRun.RunAsync("serve", "--data", data, "--connection", "Host=x");
        AssertOneClearLine(connection, "--connection (Taskroute:Connection): only with --storage postgres or --cluster postgres");
        Assert.Equal(2, connection.ExitCode);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task A_configuration_file_that_cannot_be_read_is_one_line_naming_config()
    {
        // Write-only, so unreadable even for root (the tests may run as root, whom file modes do not stop).
        const string unreadable = "/proc/sys/vm/drop_caches";
        Assert.SkipUnless(File.Exists(unreadable), $"{unreadable} is not there to stand for an unreadable file");
        var expected = $"taskroute: --config: cannot read {unreadable}: permission denied";
        foreach (var args in new[] { new[] { "validate", "--config", unreadable }, ["serve", "--data", Path.Combine(_directory, "data"), "--config", unreadable] })
        {
            var run = await CliRun.RunAsync(args);
            Assert.Equal((2, expected), (run.ExitCode, run.Error.TrimEnd()));
        }
        // A silo reads its domains' files before it tries PostgreSQL (nothing listens on port 1).
        var silo = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z", "--domains", $"west={unreadable}");
        Assert.Equal((2, $"taskroute: --domains: domain 'west': cannot read {unreadable}: permission denied"), (silo.ExitCode, silo.Error.TrimEnd()));
        // trace and report read it with a stopped server's data directory.
        var stopped = Path.Combine(_directory, "stopped");
        Directory.CreateDirectory(stopped);
        new Taskroute.Storage.Sqlite.SqliteJournal(Path.Combine(stopped, "journal.db")).Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var args in new[] { new[] { "trace", "1", "--data", stopped, "--config", unreadable }, ["report", "summary", "--data", stopped, "--config", unreadable] })
        {
            var run = await CliRun.RunAsync(args);
            Assert.Equal((2, expected), (run.ExitCode, run.Error.TrimEnd()));
        }
    }
}
