using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime.Placement;
using Taskroute.Cluster;
using Taskroute.Cluster.Membership;
using Taskroute.Core.Lab;
using Taskroute.Server.Cluster;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>An agent's event stream through a cluster's front end, on a silo other than the one holding the agent's domain.</summary>
public class ClusterAgentStreamTests
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");

    private sealed record Silo(WebApplication App, HttpClient Client)
    {
        public SiloAddress Address => App.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();
    }

    private static async Task<Silo> StartSilo(DomainCatalog catalog, string cluster, int siloPort, IPEndPoint primary)
    {
        var app = ClusterServer.Build(new ServerOptions { Urls = "http://127.0.0.1:0" }, catalog, null,
            silo => silo.UseLocalhostClustering(siloPort, FreePort.Next(), primary, serviceId: "taskroute", clusterId: cluster));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Silo(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    private static async Task<Silo[]> StartCluster(DomainCatalog catalog, int silos)
    {
        var cluster = Guid.NewGuid().ToString("N")[..8];
        var primaryPort = FreePort.Next();
        var primary = new IPEndPoint(IPAddress.Loopback, primaryPort);
        var started = new List<Silo> { await StartSilo(catalog, cluster, primaryPort, primary) };
        for (var i = 1; i < silos; i++) started.Add(await StartSilo(catalog, cluster, FreePort.Next(), primary));
        return [.. started];
    }

    private static async Task Stop(IEnumerable<Silo> silos)
    {
        foreach (var silo in silos.Reverse())
        {
            silo.Client.Dispose();
            try
            {
                await silo.App.StopAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Stopped dead earlier in the test.
            }
            await silo.App.DisposeAsync();
        }
    }

    private static HttpRequestMessage As(string user, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":lab")));
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    private static async Task<HttpResponseMessage> Ok(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var response = await client.SendAsync(As("1080", method, path, body), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return response;
    }

    /// <summary>A desktop's event stream: its events as "type:state" (media or dialog), read as they come.</summary>
    private sealed class Desktop : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _events;

        private Desktop(HttpResponseMessage response, StreamReader events) => (_response, _events) = (response, events);

        public static async Task<Desktop> Open(HttpClient client, string domain)
        {
            var response = await client.SendAsync(As("1080", HttpMethod.Get, $"/domains/{domain}/api/v1/agents/1080/events"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var events = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
            Assert.Equal("event: hello", await events.ReadLineAsync(TestContext.Current.CancellationToken));
            return new Desktop(response, events);
        }

        /// <summary>Opens the stream as a desktop reconnecting does: told 503 while the domain moves, it comes back when Retry-After says.</summary>
        public static async Task<Desktop> Reconnect(HttpClient client, string domain, TimeSpan within)
        {
            var until = DateTime.UtcNow + within;
            while (true)
            {
                var response = await client.SendAsync(As("1080", HttpMethod.Get, $"/domains/{domain}/api/v1/agents/1080/events"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var events = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
                    Assert.Equal("event: hello", await events.ReadLineAsync(TestContext.Current.CancellationToken));
                    return new Desktop(response, events);
                }
                using (response)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.True(DateTime.UtcNow < until, $"the stream did not open again within {within.TotalSeconds} s");
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
                }
            }
        }

        /// <summary>The last comment the server wrote other than a keep-alive: why it ended the stream.</summary>
        public string? Said { get; private set; }

        /// <summary>The next event as "type:state", or null once the server ended the stream.</summary>
        public async Task<string?> Next(CancellationToken cancellationToken)
        {
            while (await _events.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith(": ", StringComparison.Ordinal) && line != ": keep-alive") Said = line[2..];
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                var root = data.RootElement;
                if (root.GetProperty("type").GetString() == "hello") continue;
                return $"{root.GetProperty("type").GetString()}:{(root.TryGetProperty("state", out var state) ? state.GetString() : "-")}";
            }
            return null;
        }

        /// <summary>Events up to and including the first that <paramref name="last"/> names.</summary>
        public async Task<List<string>> Until(string last, TimeSpan within)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(within);
            var seen = new List<string>();
            while (await Next(deadline.Token) is { } e)
            {
                seen.Add(e);
                if (e == last) return seen;
            }
            Assert.Fail($"the stream ended before {last}; it gave {string.Join(", ", seen)}");
            return seen;
        }

        public void Dispose()
        {
            _events.Dispose();
            _response.Dispose();
        }
    }

    private static async Task WorkOneTask(HttpClient client, string domain)
    {
        using var created = await client.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { name = "Ann", title = "Refund", scriptSelector = LabConfiguration.TaskSelector }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dialogs = await (await Ok(client, HttpMethod.Get, $"/domains/{domain}/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var dialog = Assert.Single(dialogs.EnumerateArray()).GetProperty("id").GetString();
        foreach (var action in new[] { "ACCEPT", "START", "CLOSE" })
            await Ok(client, HttpMethod.Put, $"/domains/{domain}/api/v1/dialogs/{dialog}", new { action });
    }

    // What the domain makes of one task's life, in its order: offered (with the agent reserved), accepted, started, closed.
    private static readonly string[] OneTask = ["media:RESERVED", "dialog:OFFERED", "dialog:ACCEPTED", "media:ACTIVE", "dialog:ACTIVE", "media:NOT_ACTIVE", "dialog:CLOSED"];

    [Fact]
    public async Task An_agents_event_stream_on_a_silo_without_its_domain_gives_the_updates_in_the_order_the_domain_made_them()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        var domain = "o" + Guid.NewGuid().ToString("N")[..8];
        var silos = await StartCluster(new DomainCatalog(Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [domain] = LabConfiguration.Create() }), silos: 2);
        try
        {
            await Ok(silos[0].Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "LOGIN" });
            await Ok(silos[0].Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "READY" });
            var home = await silos[0].Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(silos[0].Grains.GetGrain<IRoutingDomainGrain>(domain));
            var near = silos.Single(s => s.Address.Equals(home));
            var far = silos.Single(s => !s.Address.Equals(home));
            using var nearDesktop = await Desktop.Open(near.Client, domain);
            using var farDesktop = await Desktop.Open(far.Client, domain);

            const int Tasks = 8;
            for (var i = 0; i < Tasks; i++) await WorkOneTask(near.Client, domain);
            // One last change, alone: the end of what each stream is read for.
            await Ok(near.Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "NOT_READY" });

            string[] expected = [.. Enumerable.Repeat(OneTask, Tasks).SelectMany(e => e), "media:NOT_READY"];
            Assert.Equal(expected, await nearDesktop.Until("media:NOT_READY", TimeSpan.FromSeconds(30)));
            Assert.Equal(expected, await farDesktop.Until("media:NOT_READY", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await Stop(silos);
        }
    }

    [Fact]
    public async Task When_the_silo_holding_an_agents_domain_stops_the_agents_event_stream_on_another_silo_ends_so_the_desktop_reads_afresh()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        var domain = "k" + Guid.NewGuid().ToString("N")[..8];
        var silos = await StartCluster(new DomainCatalog(Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [domain] = LabConfiguration.Create() }), silos: 3);
        try
        {
            // The domain on a silo that may stop: not the first, which the others need to agree who is alive.
            var victim = silos[1];
            RequestContext.Set(IPlacementDirector.PlacementHintKey, victim.Address);
            try
            {
                await silos[0].Grains.GetGrain<IRoutingDomainGrain>(domain).JournalLength();
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
            Assert.Equal(victim.Address, await silos[0].Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(silos[0].Grains.GetGrain<IRoutingDomainGrain>(domain)));
            await Ok(silos[0].Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "LOGIN" });
            using var desktop = await Desktop.Open(silos[0].Client, domain);
            await Ok(silos[0].Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "READY" });
            Assert.Equal("media:NOT_ACTIVE", await desktop.Next(TestContext.Current.CancellationToken));

            // Stopped without grace; its domain still deactivates, and says so to its listeners.
            await victim.App.StopAsync(new CancellationToken(canceled: true));

            // The stream ends at once, not at its renewal (20 s) nor never.
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
            {
                deadline.CancelAfter(TimeSpan.FromSeconds(60));
                Assert.Null(await desktop.Next(deadline.Token));
            }
            // The stopping silo both deactivates the domain and tells the cluster it is dead; whichever news arrives first ends the stream.
            Assert.Contains(desktop.Said, new[]
            {
                "the domain is moving to a new activation; reconnect and read the agent afresh",
                "the silo the domain lived on died; the domain moves to another silo; reconnect and read the agent afresh",
            });

            // The desktop reconnects (503 while the domain moves) and hears the domain's next activation.
            using var again = await Desktop.Reconnect(silos[0].Client, domain, TimeSpan.FromSeconds(60));
            await Ok(silos[0].Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "NOT_READY" });
            Assert.Equal(["media:NOT_READY"], await again.Until("media:NOT_READY", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await Stop(silos);
        }
    }

    [Fact]
    public async Task When_the_silo_process_holding_an_agents_domain_is_killed_the_agents_event_stream_on_another_silo_ends_once_the_cluster_declares_it_dead()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var run = Guid.NewGuid().ToString("N")[..8];
        var (cluster, domain) = ("c" + run, "p" + run);
        var ports = new[] { FreePort.Next(), FreePort.Next() };
        var children = new List<ChildServer>();
        try
        {
            foreach (var port in ports)
            {
                children.Add(await ChildServer.StartAsync(null, timeout.Token, "--cluster", "postgres", "--connection", Connection!, "--cluster-id", cluster, "--domains", domain,
                    "--silo-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            await Ok(children[0].Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "LOGIN" });
            var home = await WhereDomainLives(cluster, domain);
            var victim = children[Array.IndexOf(ports, home.Endpoint.Port)];
            var survivor = children.Single(c => c != victim);
            using var desktop = await Desktop.Open(survivor.Client, domain);
            await Ok(survivor.Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "READY" });
            Assert.Equal("media:NOT_ACTIVE", await desktop.Next(timeout.Token));

            // SIGKILL: the domain's activation vanishes without a word to anyone.
            victim.Kill();

            // The stream ends once the cluster declares the silo dead (seconds, as Orleans' probes find it),
            // not when a renewal happens to find the domain's next activation, nor never.
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
            {
                deadline.CancelAfter(TimeSpan.FromSeconds(90));
                Assert.Null(await desktop.Next(deadline.Token));
            }
            Assert.Equal("the silo the domain lived on died; the domain moves to another silo; reconnect and read the agent afresh", desktop.Said);

            using var again = await Desktop.Reconnect(survivor.Client, domain, TimeSpan.FromSeconds(60));
            await Ok(survivor.Client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/{LabConfiguration.TaskMrd}", new { state = "NOT_READY" });
            Assert.Equal(["media:NOT_READY"], await again.Until("media:NOT_READY", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            foreach (var child in children) await child.DisposeAsync();
        }
    }

    // Asked of the cluster as any Orleans client asks it: which silo holds the domain's activation.
    private static async Task<SiloAddress> WhereDomainLives(string cluster, string domain)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UsePostgresClustering(Connection!)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, "taskroute")));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            return await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IRoutingDomainGrain>(domain))
                ?? throw new InvalidOperationException($"domain {domain} has no activation");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
