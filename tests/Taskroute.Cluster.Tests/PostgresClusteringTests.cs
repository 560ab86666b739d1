using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskroute.Core.Commands;
using Taskroute.Core.Lab;
using Taskroute.Storage;
using static Taskroute.Cluster.Tests.PostgresClusteredHosts;

namespace Taskroute.Cluster.Tests;

/// <summary>Silos that know each other only through the PostgreSQL membership table: they form one cluster, serve a client that found them there, and mark a stopped silo dead.</summary>
public class PostgresClusteringTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_silos_find_each_other_serve_a_client_and_drop_a_stopped_silo()
    {
        ClusterFixture.RequirePostgres();
        var clusterId = NewClusterId();
        var catalog = ClusterFixture.Catalog(1, out var names);
        var silos = new List<IHost>();
        try
        {
            for (var i = 0; i < 3; i++) silos.Add(await StartSilo(clusterId, catalog));
            using var clientHost = await StartClient(clusterId);
            var client = clientHost.Services.GetRequiredService<IClusterClient>();
            var management = client.GetGrain<IManagementGrain>(0);

            await Until(async () => (await management.GetHosts(onlyActive: true)).Count == 3, Deadline, "three active silos");
            var domain = client.GetGrain<IRoutingDomainGrain>(names[0]);
            Assert.True((await domain.Execute(CommandCodec.Encode(new SignIn(0, 1080, LabConfiguration.TaskMrd, 1)))).Succeeded);

            var stopped = silos[2];
            var address = stopped.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            await stopped.StopAsync(TestContext.Current.CancellationToken);
            silos.Remove(stopped);
            stopped.Dispose();

            await Until(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Deadline, "the stopped silo gone from the active hosts");
            var hosts = await management.GetHosts(onlyActive: false);
            Assert.Equal(SiloStatus.Dead, hosts[address]);
            // The domain is still served, wherever its activation is now, and it kept its signed-in agent.
            Assert.Contains(await domain.Agent(1080), m => m.MrdId == LabConfiguration.TaskMrd && m.State != "LOGOUT");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync(CancellationToken.None);
                silo.Dispose();
            }
        }
    }
}
