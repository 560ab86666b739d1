using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Storage;

namespace Taskroute.Cluster.Tests;

/// <summary>A front end's subscription to an agent's updates, on a silo other than the domain's or across the domain's moves.</summary>
public class AgentUpdateSubscriptionTests
{
    private static string Encode(Command command) => CommandCodec.Encode(command);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IServiceProvider Services(InProcessTestCluster cluster, SiloAddress silo) =>
        ((InProcessSiloHandle)cluster.Silos.Single(s => s.SiloAddress.Equals(silo))).ServiceProvider;

    private static async Task Succeeds(IRoutingDomainGrain domain, Command command) =>
        Assert.True((await domain.Execute(Encode(command))).Succeeded, command.ToString());

    // One task's life for agent 1080: offered, accepted, started, closed.
    private static async Task WorkOneTask(IRoutingDomainGrain domain)
    {
        await Succeeds(domain, new SubmitTask(0, new TaskData { ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = "Customer", Title = "Help", ScriptSelector = LabConfiguration.TaskSelector }));
        Assert.True(Core.Ids.IcmTaskId.TryParse(Assert.Single(await domain.Dialogs(1080)), out var dialog));
        foreach (var action in new[] { DialogAction.Accept, DialogAction.Start, DialogAction.Close })
            await Succeeds(domain, new ActOnDialog(0, 1080, dialog, action));
    }

    private static string Said(AgentUpdate update) => update.Message == "AGENT_EVENT" ? $"{update.Message}:{update.State}" : update.Message;

    [Fact]
    public async Task An_agents_updates_reach_a_subscription_on_another_silo_in_the_order_the_domain_made_them()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(1, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 2);
        var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
        await Succeeds(domain, new SignIn(0, 1080, LabConfiguration.TaskMrd, 1));
        await Succeeds(domain, new SetReady(0, 1080, LabConfiguration.TaskMrd));
        var home = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(domain);
        // Where the updates cross silos: Orleans hands each message it receives to the thread pool on its own.
        var far = Services(cluster, cluster.Silos.Single(s => !s.SiloAddress.Equals(home)).SiloAddress);
        await using var subscription = await AgentUpdateSubscription.OpenAsync(far.GetRequiredService<IGrainFactory>(), far.GetRequiredService<IClusterMembershipService>(), TimeProvider.System, names[0], 1080);

        const int Tasks = 8;
        for (var i = 0; i < Tasks; i++) await WorkOneTask(domain);
        await Succeeds(domain, new SetReady(0, 1080, LabConfiguration.TaskMrd, Ready: false));

        var heard = new List<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (heard.LastOrDefault() != "AGENT_EVENT:NOT_READY") heard.Add(Said(await subscription.Updates.ReadAsync(deadline.Token)));
        string[] oneTask = ["AGENT_EVENT:RESERVED", "AGENT_PRE_CALL_EVENT", "OFFER_TASK_EVENT", "AGENT_EVENT:ACTIVE", "START_TASK_EVENT", "AGENT_EVENT:NOT_ACTIVE", "END_TASK_EVENT"];
        Assert.Equal([.. Enumerable.Repeat(oneTask, Tasks).SelectMany(e => e), "AGENT_EVENT:NOT_READY"], heard);
        Assert.Null(subscription.Ended);
    }

    [Fact]
    public async Task A_subscription_ends_as_soon_as_the_cluster_declares_its_domains_silo_dead_not_at_its_next_renewal()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(1, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 1);
        var silo = cluster.Silos[0].SiloAddress;
        var grains = Services(cluster, silo).GetRequiredService<IGrainFactory>();
        var membership = new ScriptedMembership(silo);
        // A clock that never moves: no renewal can be what ends the subscription.
        var time = new FakeTimeProvider();
        await using var subscription = await AgentUpdateSubscription.OpenAsync(grains, membership, time, names[0], 1080);
        await Succeeds(grains.GetGrain<IRoutingDomainGrain>(names[0]), new SignIn(0, 1080, LabConfiguration.TaskMrd, 1));
        Assert.Equal("AGENT_EVENT:NOT_READY", Said(await subscription.Updates.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct)));

        // Another silo dying changes nothing here.
        membership.Declare(SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 1), SiloStatus.Dead);
        membership.Declare(silo, SiloStatus.Dead);

        await subscription.Updates.Completion.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("the silo the domain lived on died; the domain moves to another silo", subscription.Ended);
    }

    [Fact]
    public async Task A_domain_that_deactivates_tells_its_listeners_and_their_subscriptions_end_at_once()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(1, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 1);
        var services = Services(cluster, cluster.Silos[0].SiloAddress);
        var grains = services.GetRequiredService<IGrainFactory>();
        var domain = grains.GetGrain<IRoutingDomainGrain>(names[0]);
        await Succeeds(domain, new SignIn(0, 1080, LabConfiguration.TaskMrd, 1));
        await using var subscription = await AgentUpdateSubscription.OpenAsync(grains, services.GetRequiredService<IClusterMembershipService>(), new FakeTimeProvider(), names[0], 1080);

        // As a silo stopping, or a domain that could not journal, deactivates it.
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await subscription.Updates.Completion.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("the domain is moving to a new activation", subscription.Ended);
        // Its next activation serves the desktop reading afresh.
        Assert.Contains(await domain.Agent(1080), m => m.MrdId == LabConfiguration.TaskMrd && m.State == "NOT_READY");
    }

    /// <summary>The cluster's view of its silos as the test declares it.</summary>
    private sealed class ScriptedMembership : IClusterMembershipService
    {
        private readonly Channel<ClusterMembershipSnapshot> _updates = Channel.CreateUnbounded<ClusterMembershipSnapshot>();

        public ScriptedMembership(SiloAddress active)
        {
            CurrentSnapshot = new ClusterMembershipSnapshot(ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(active, new ClusterMember(active, SiloStatus.Active, "active")), new MembershipVersion(1));
            _updates.Writer.TryWrite(CurrentSnapshot);
        }

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; }

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => _updates.Reader.ReadAllAsync();

        public void Declare(SiloAddress silo, SiloStatus status)
        {
            CurrentSnapshot = new ClusterMembershipSnapshot(CurrentSnapshot.Members.SetItem(silo, new ClusterMember(silo, status, status.ToString())), new MembershipVersion(CurrentSnapshot.Version.Value + 1));
            _updates.Writer.TryWrite(CurrentSnapshot);
        }

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }
}
