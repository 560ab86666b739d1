using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskroute.Core.Commands;
using Taskroute.Core.Lab;
using Taskroute.Storage;
using Taskroute.Cluster.Membership;
using static Taskroute.Cluster.Tests.PostgresClusteredHosts;

namespace Taskroute.Cluster.Tests;

/// <summary>Silos that know each other only through the PostgreSQL membership table: they form one cluster, serve a client that found them there, and mark a stopped silo dead.</summary>
public class PostgresClusteringTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
            await Forget(clusterId);
        }
    }

    [Fact]
    public async Task A_silo_that_dies_without_a_word_is_voted_dead_by_the_others_in_the_table()
    {
        ClusterFixture.RequirePostgres();
        var clusterId = NewClusterId();
        var catalog = ClusterFixture.Catalog(1, out _);
        var silos = new List<IHost>();
        SeverableMembershipTable? severable = null;
        try
        {
            silos.Add(await StartSilo(clusterId, catalog));
            silos.Add(await StartSilo(clusterId, catalog));
            var victim = await StartSilo(clusterId, catalog, silo => silo.Services.AddSingleton<IMembershipTable>(services =>
                severable = new SeverableMembershipTable(ActivatorUtilities.CreateInstance<PostgresMembershipTable>(services))));
            var address = victim.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            await using var table = ActivatorUtilities.CreateInstance<PostgresMembershipTable>(silos[0].Services);
            await Until(async () => (await table.ReadAllAsync(Ct)).Members.Count(m => m.Item1.Status == SiloStatus.Active) == 3, Deadline, "three active silos in the table");

            // The victim loses the database, then is stopped without grace: it cannot record its own death.
            severable!.Sever();
            // Even an abrupt stop tries to record Stopping, then Dead, for up to a minute each: the
            // victim answers probes until then, and only after that can the others vote it dead.
            await victim.StopAsync(new CancellationToken(canceled: true));
            victim.Dispose();

            await Until(async () => (await table.ReadRowAsync(address, Ct)).Members.Single().Item1.Status == SiloStatus.Dead, Deadline, "the victim voted dead");
            var dead = (await table.ReadRowAsync(address, Ct)).Members.Single().Item1;
            var survivors = silos.Select(s => s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress).ToHashSet();
            Assert.NotEmpty(dead.SuspectTimes!);
            Assert.All(dead.SuspectTimes!, vote => Assert.Contains(vote.Item1, survivors));
            var management = silos[0].Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync(CancellationToken.None);
                silo.Dispose();
            }
            await Forget(clusterId);
        }
    }
}
