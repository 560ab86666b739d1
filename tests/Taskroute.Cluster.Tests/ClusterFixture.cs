using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Taskroute.Core.Lab;

namespace Taskroute.Cluster.Tests;

/// <summary>An in-process Orleans cluster of several silos over a real PostgreSQL server, with domains of its own.</summary>
internal static class ClusterFixture
{
    public static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");

    public static void RequirePostgres() =>
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");

    /// <summary>Domain names unique to this run, each on the built-in lab's configuration.</summary>
    public static DomainCatalog Catalog(int domains, out string[] names)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        names = [.. Enumerable.Range(0, domains).Select(i => $"d{run}_{i}")];
        return new DomainCatalog(Connection!, names.ToDictionary(n => n, _ => LabConfiguration.Create()));
    }

    public static async Task<InProcessTestCluster> Start(DomainCatalog catalog, short silos, ErrorLog? errors = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureHost(host =>
        {
            host.Services.AddSingleton(catalog).AddSingleton(TimeProvider.System);
            if (errors is not null) host.Logging.AddProvider(errors);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
