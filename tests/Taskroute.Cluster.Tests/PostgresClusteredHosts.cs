using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Taskroute.Cluster.Membership;

namespace Taskroute.Cluster.Tests;

/// <summary>Silos and clients as a deployment runs them, each its own host, that find each other only through the PostgreSQL membership table.</summary>
internal static class PostgresClusteredHosts
{
    public const string ServiceId = "taskroute-tests";

    public static string NewClusterId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Starts a silo on free loopback ports. Probes and table refreshes are quickened so that a death is noticed in seconds, not a minute.</summary>
    public static async Task<IHost> StartSilo(string clusterId, DomainCatalog catalog, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(catalog).AddSingleton(TimeProvider.System);
        // Silos log nowhere unless asked: three silos' logs drown a test's output.
        if (Environment.GetEnvironmentVariable("TASKROUTE_TEST_SILO_LOG") is not null) builder.Logging.AddConsole();
        builder.UseOrleans(silo =>
        {
            silo.UsePostgresClustering(ClusterFixture.Connection!)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, ServiceId))
                .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort())
                .Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
                });
            // Silos share the test's process: one voted dead (these timeouts are short, and a loaded
            // machine misses some) must stop, not end the process with every test in it.
            silo.Services.AddSingleton<IFatalErrorHandler, LoggedFatalError>();
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        Assert.IsType<LoggedFatalError>(host.Services.GetRequiredService<IFatalErrorHandler>());
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static async Task<IHost> StartClient(string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UsePostgresClustering(ClusterFixture.Connection!)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, ServiceId))
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1)));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>Deletes the cluster's rows once its silos are stopped, so the shared tables do not grow run by run.</summary>
    public static async Task Forget(string clusterId)
    {
        await using var table = new PostgresMembershipTable(
            Options.Create(new PostgresClusteringOptions { ConnectionString = ClusterFixture.Connection! }),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = ServiceId }));
        await table.DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the deadline.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var end = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > end) Assert.Fail($"not within {deadline.TotalSeconds} s: {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

}
