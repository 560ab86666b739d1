using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary><c>taskroute serve --cluster postgres</c> as real processes: two silos on one machine, one of them killed.</summary>
public class ClusterServeTests
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");

    private static Task<ChildServer> Silo(string cluster, string domain, CancellationToken ct) =>
        ChildServer.StartAsync(null, ct, "--cluster", "postgres", "--connection", Connection!, "--cluster-id", cluster, "--domains", domain,
            "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<HttpResponseMessage> Until(Func<Task<HttpResponseMessage>> call, HttpStatusCode wanted, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await call();
            if (response.StatusCode == wanted || DateTime.UtcNow > deadline) return response;
            // 503 says the domain is moving: the client waits as Retry-After asks.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task Two_silo_processes_form_a_cluster_and_when_one_is_killed_the_other_serves_its_domain_with_nothing_lost()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = Guid.NewGuid().ToString("N")[..8];
        var domain = "d" + run;
        await using var a = await Silo("c" + run, domain, timeout.Token);
        await using var b = await Silo("c" + run, domain, timeout.Token);
        var login = new HttpRequestMessage(HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/5011") { Content = JsonContent.Create(new { state = "LOGIN" }) };
        login.Headers.Authorization = new("Basic", Convert.ToBase64String("1080:lab"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(login)).StatusCode);

        var first = await b.Client.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { name = "Ann", title = "before" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // SIGKILL one silo, wherever the domain was: the survivor serves it, from its journal.
        a.Kill();
        var second = await Until(() => b.Client.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { name = "Bo", title = "after" }), HttpStatusCode.Created, TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var kept = await b.Client.GetFromJsonAsync<JsonElement>($"/domains/{domain}/api/v1/tasks/{before:D}");
        Assert.Equal("queued", kept.GetProperty("status").GetString());
        var agent = new HttpRequestMessage(HttpMethod.Get, $"/domains/{domain}/api/v1/agents/1080");
        agent.Headers.Authorization = new("Basic", Convert.ToBase64String("1080:lab"u8.ToArray()));
        var media = await (await b.Client.SendAsync(agent)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(media.GetProperty("media").EnumerateArray(), m => m.GetProperty("mrdId").GetInt32() == 5011 && m.GetProperty("state").GetString() == "NOT_READY");
    }

    [Fact]
    public async Task A_hung_up_silo_stops_as_on_sigterm_and_marks_itself_dead_in_the_membership()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        Assert.SkipWhen(ChildServer.HangUpIgnored(), "this test run ignores SIGHUP (nohup), and a silo it starts inherits that");
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var silo = await Silo("c" + run, "d" + run, ct);
        await silo.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);

        await silo.SignalAsync("HUP", ct);

        // SIGHUP ended the process at once (exit 129), and the others had to vote the silo dead.
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(90), ct));
        Assert.Contains("SIGHUP", silo.Output, StringComparison.Ordinal);
        await using var database = new Npgsql.NpgsqlConnection(Connection);
        await database.OpenAsync(ct);
        await using var status = new Npgsql.NpgsqlCommand("SELECT status FROM taskroute_membership WHERE cluster_id = @cluster", database);
        status.Parameters.AddWithValue("cluster", "c" + run);
        // Orleans' SiloStatus: 6 is Dead.
        Assert.Equal(6, (int)(await status.ExecuteScalarAsync(ct))!);
    }

    [Fact]
    public async Task A_silo_whose_postgresql_is_out_of_reach_says_so_in_one_line()
    {
        var nothing = FreePort.Next();
        var run = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", $"Host=127.0.0.1;Port={nothing};Username=x;Password=y;Database=z",
            "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("taskroute: could not start the silo: PostgreSQL could not be reached: Connection refused (--connection)", run.Error.TrimEnd());
        Assert.Equal("", run.Out);

        var bad = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", "Hots=127.0.0.1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--connection (Taskroute:Connection) is not a PostgreSQL connection string", bad.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_started_on_a_port_another_listens_on_refuses_to_start_instead_of_unseating_it()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        // What a running silo looks like from outside: something answers on its port.
        using var running = new TcpListener(IPAddress.Loopback, 0);
        running.Start();
        var taken = ((IPEndPoint)running.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", Connection!, "--cluster-id", "c" + Guid.NewGuid().ToString("N")[..8],
            "--silo-port", taken, "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"taskroute: could not start the silo: --silo-port {taken}: already in use on this machine (another silo?); give each silo its own ports", run.Error.TrimEnd());
        // The HTTP port is checked before the silo joins the cluster, not after.
        var http = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", Connection!, "--cluster-id", "c" + Guid.NewGuid().ToString("N")[..8],
            "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--urls", $"http://127.0.0.1:{taken}");
        Assert.Equal(2, http.ExitCode);
        Assert.Equal($"taskroute: could not start the silo: --urls {taken}: already in use on this machine (another silo?); give each silo its own ports", http.Error.TrimEnd());
    }

    [Fact]
    public async Task A_bad_domain_name_is_said_in_the_users_words()
    {
        var run = await CliRun.RunAsync("serve", "--cluster", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z", "--domains", "East");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("taskroute: --domains: domain 'East': use 1 to 40 lower-case letters, digits or underscores, starting with a letter", run.Error.TrimEnd());
    }

    [Theory]
    [InlineData("zookeeper", "is not supported")]
    [InlineData("postgres", "needs --connection")]
    [InlineData("Postgres", "needs --connection")]
    public async Task A_bad_cluster_option_is_refused_with_a_message(string cluster, string says)
    {
        var run = await CliRun.RunAsync("serve", "--cluster", cluster);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(says, run.Error, StringComparison.Ordinal);
    }
}
