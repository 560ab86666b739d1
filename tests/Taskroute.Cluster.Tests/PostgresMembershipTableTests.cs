using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Taskroute.Cluster.Membership;

namespace Taskroute.Cluster.Tests;

/// <summary>The membership table's contract, called directly: writes succeed only from the version and etags read, and all or nothing.</summary>
public sealed class PostgresMembershipTableTests : IAsyncDisposable
{
    private readonly List<PostgresMembershipTable> _tables = [];
    private readonly HashSet<string> _clusterIds = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime Start = Millis(DateTime.UtcNow);

    private static DateTime Millis(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private static string NewClusterId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A table for the cluster, initialized; its rows are deleted when the test ends, so the shared tables do not grow run by run.</summary>
    private async Task<PostgresMembershipTable> Initialized(string? clusterId = null)
    {
        var options = new ClusterOptions { ClusterId = clusterId ?? NewClusterId(), ServiceId = "taskroute-tests" };
        var table = new PostgresMembershipTable(
            Options.Create(new PostgresClusteringOptions { ConnectionString = ClusterFixture.Connection! }), Options.Create(options));
        _tables.Add(table);
        await table.InitializeMembershipTableAsync(true, Ct);
        _clusterIds.Add(options.ClusterId);
        return table;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tables.Count == 0) return;
        foreach (var id in _clusterIds) await _tables[0].DeleteMembershipTableEntriesAsync(id, CancellationToken.None);
        foreach (var table in _tables) await table.DisposeAsync();
    }

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Active) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        Status = status,
        ProxyPort = port + 1000,
        HostName = "host-" + port,
        SiloName = "silo-" + port,
        RoleName = "router",
        UpdateZone = 1,
        FaultZone = 2,
        SuspectTimes = [],
        StartTime = Start,
        IAmAliveTime = Start,
    };

    [Fact]
    public async Task A_new_table_reads_as_version_zero_with_no_rows_and_initializing_again_keeps_it()
    {
        ClusterFixture.RequirePostgres();
        var id = NewClusterId();
        var table = await Initialized(id);
        var first = await table.ReadAllAsync(Ct);
        Assert.Equal(0, first.Version.Version);
        Assert.Empty(first.Members);

        var second = await Initialized(id);
        Assert.Equal(first.Version, (await second.ReadAllAsync(Ct)).Version);
    }

    [Fact]
    public async Task An_inserted_row_reads_back_field_for_field_with_the_next_version()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var entry = Entry(11111);
        var voter = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 22222), 9);
        entry.SuspectTimes!.Add(Tuple.Create(voter, Start.AddSeconds(3)));

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var all = await table.ReadAllAsync(Ct);
        Assert.Equal(1, all.Version.Version);
        var (read, etag) = Assert.Single(all.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal((SiloStatus.Active, 12111, "host-11111", "silo-11111", "router", 1, 2),
            (read.Status, read.ProxyPort, read.HostName, read.SiloName, read.RoleName, read.UpdateZone, read.FaultZone));
        Assert.Equal((Start, Start), (read.StartTime, read.IAmAliveTime));
        var vote = Assert.Single(read.SuspectTimes!);
        Assert.Equal((voter, Start.AddSeconds(3)), (vote.Item1, vote.Item2));

        var row = await table.ReadRowAsync(entry.SiloAddress, Ct);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(etag, Assert.Single(row.Members).Item2);
    }

    [Fact]
    public async Task An_insert_from_a_stale_version_fails_and_changes_nothing()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var read = (await table.ReadAllAsync(Ct)).Version;
        Assert.True(await table.InsertRowAsync(Entry(11111), read.Next(), Ct));

        // Another silo read the same version before that insert: its insert must not land.
        Assert.False(await table.InsertRowAsync(Entry(11112), read.Next(), Ct));
        // Nor one that skips a version, nor one with the right number but an etag never issued.
        var now = (await table.ReadAllAsync(Ct)).Version;
        Assert.False(await table.InsertRowAsync(Entry(11112), now.Next().Next(), Ct));
        Assert.False(await table.InsertRowAsync(Entry(11112), new TableVersion(now.Version + 1, "forged"), Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(now, after.Version);
        Assert.Equal(EntryAddresses(11111), after.Members.Select(m => m.Item1.SiloAddress));
    }

    [Fact]
    public async Task Inserting_a_silo_twice_fails_and_leaves_the_version_where_it_was()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        Assert.True(await table.InsertRowAsync(Entry(11111), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var before = (await table.ReadAllAsync(Ct)).Version;

        Assert.False(await table.InsertRowAsync(Entry(11111, SiloStatus.Joining), before.Next(), Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(before, after.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members).Item1.Status);
    }

    [Fact]
    public async Task Of_many_silos_inserting_from_the_same_version_at_once_exactly_one_wins()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var next = (await table.ReadAllAsync(Ct)).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => table.InsertRowAsync(Entry(11111 + i), next, Ct))));

        Assert.Single(results, r => r);
        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task An_update_with_a_wrong_row_etag_or_a_stale_version_fails_and_one_with_both_right_succeeds()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var entry = Entry(11111, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var read = await table.ReadAllAsync(Ct);
        var etag = Assert.Single(read.Members).Item2;
        entry.Status = SiloStatus.Active;

        Assert.False(await table.UpdateRowAsync(entry, "not-the-etag", read.Version.Next(), Ct));
        Assert.False(await table.UpdateRowAsync(entry, etag, new TableVersion(read.Version.Version, read.Version.VersionEtag), Ct));
        Assert.Equal((read.Version, SiloStatus.Joining), await VersionAndStatus(table, entry));

        Assert.True(await table.UpdateRowAsync(entry, etag, read.Version.Next(), Ct));
        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, after.Version.VersionEtag);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members).Item1.Status);
        // The row has a new etag: the one read before the update is now stale too.
        Assert.NotEqual(etag, Assert.Single(after.Members).Item2);
        Assert.False(await table.UpdateRowAsync(entry, etag, after.Version.Next(), Ct));
    }

    [Fact]
    public async Task Of_two_silos_voting_on_the_same_suspect_from_the_same_read_one_wins_and_the_other_lands_after_reading_again()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        Assert.True(await table.InsertRowAsync(Entry(11111), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var read = await table.ReadAllAsync(Ct);
        var voters = new[] { 22222, 22223 }.Select(p => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, p), 9)).ToArray();

        async Task<bool> Vote(SiloAddress voter, MembershipTableData seen)
        {
            var (entry, etag) = seen.Members.Single();
            var copy = Entry(11111);
            copy.SuspectTimes!.AddRange(entry.SuspectTimes!);
            copy.AddSuspector(voter, Start.AddSeconds(1));
            return await table.UpdateRowAsync(copy, etag, seen.Version.Next(), Ct);
        }
        var results = await Task.WhenAll(voters.Select(v => Task.Run(() => Vote(v, read))));

        Assert.Single(results, r => r);
        var loser = voters[Array.IndexOf(results, false)];
        Assert.True(await Vote(loser, await table.ReadAllAsync(Ct)));
        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(read.Version.Version + 2, after.Version.Version);
        Assert.Equal(voters.Order(), after.Members.Single().Item1.SuspectTimes!.Select(v => v.Item1).Order());
    }

    [Fact]
    public async Task An_update_of_a_silo_not_in_the_table_fails_and_leaves_the_version()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var read = await table.ReadAllAsync(Ct);

        Assert.False(await table.UpdateRowAsync(Entry(11111), "any", read.Version.Next(), Ct));

        Assert.Equal(read.Version, (await table.ReadAllAsync(Ct)).Version);
    }

    [Fact]
    public async Task A_heartbeat_moves_only_the_alive_time_so_a_vote_read_before_it_still_lands()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var entry = Entry(11111);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var before = await table.ReadAllAsync(Ct);
        var (_, etag) = Assert.Single(before.Members);

        var heartbeat = Entry(11111);
        heartbeat.IAmAliveTime = Start.AddMinutes(1);
        heartbeat.Status = SiloStatus.Dead; // a heartbeat carries the whole entry; only its time may be written
        await table.UpdateIAmAliveAsync(heartbeat, Ct);

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(before.Version, after.Version);
        var (read, etagAfter) = Assert.Single(after.Members);
        Assert.Equal((Start.AddMinutes(1), SiloStatus.Active, etag), (read.IAmAliveTime, read.Status, etagAfter));

        entry.AddSuspector(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 22222), 9), Start.AddMinutes(2));
        Assert.True(await table.UpdateRowAsync(entry, etag, before.Version.Next(), Ct));
    }

    [Fact]
    public async Task A_heartbeat_for_a_silo_not_in_the_table_is_an_error()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        await Assert.ThrowsAsync<InvalidOperationException>(() => table.UpdateIAmAliveAsync(Entry(11111), Ct));
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_last_heard_of_before_the_date()
    {
        ClusterFixture.RequirePostgres();
        var table = await Initialized();
        var old = Start.AddDays(-2);
        var deadLongAgo = Entry(11111, SiloStatus.Dead);
        deadLongAgo.StartTime = deadLongAgo.IAmAliveTime = old;
        var deadButVotedOnRecently = Entry(11112, SiloStatus.Dead);
        deadButVotedOnRecently.StartTime = deadButVotedOnRecently.IAmAliveTime = old;
        deadButVotedOnRecently.AddSuspector(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 22222), 9), Start);
        var activeButQuiet = Entry(11113);
        activeButQuiet.StartTime = activeButQuiet.IAmAliveTime = old;
        var deadRecently = Entry(11114, SiloStatus.Dead);
        foreach (var entry in new[] { deadLongAgo, deadButVotedOnRecently, activeButQuiet, deadRecently })
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        await table.CleanupDefunctSiloEntriesAsync(Start.AddDays(-1), Ct);

        Assert.Equal(EntryAddresses(11112, 11113, 11114).Order(), (await table.ReadAllAsync(Ct)).Members.Select(m => m.Item1.SiloAddress).Order());
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_leaves_other_clusters_alone()
    {
        ClusterFixture.RequirePostgres();
        var id = NewClusterId();
        var mine = await Initialized(id);
        var other = await Initialized();
        Assert.True(await mine.InsertRowAsync(Entry(11111), (await mine.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await other.InsertRowAsync(Entry(11111), (await other.ReadAllAsync(Ct)).Version.Next(), Ct));

        await mine.DeleteMembershipTableEntriesAsync(id, Ct);

        Assert.Empty((await mine.ReadAllAsync(Ct)).Members);
        Assert.Single((await other.ReadAllAsync(Ct)).Members);
        // Initializing again starts the cluster over.
        await mine.InitializeMembershipTableAsync(true, Ct);
        Assert.True(await mine.InsertRowAsync(Entry(11111), (await mine.ReadAllAsync(Ct)).Version.Next(), Ct));
    }

    [Fact]
    public async Task Clients_are_given_the_gateways_of_active_silos_only()
    {
        ClusterFixture.RequirePostgres();
        var id = NewClusterId();
        var table = await Initialized(id);
        foreach (var entry in new[] { Entry(11111), Entry(11112, SiloStatus.Joining), Entry(11113, SiloStatus.Dead), Entry(11114) })
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        await using var gateways = new PostgresGatewayListProvider(
            Options.Create(new PostgresClusteringOptions { ConnectionString = ClusterFixture.Connection! }),
            Options.Create(new ClusterOptions { ClusterId = id, ServiceId = "taskroute-tests" }),
            Options.Create(new GatewayOptions()));
        await gateways.InitializeGatewayListProviderAsync(Ct);

        var uris = await gateways.GetGatewaysAsync(Ct);

        Assert.Equal(
            new[] { 12111, 12114 }.Select(p => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, p), 7).ToGatewayUri().ToString()).Order(),
            uris.Select(u => u.ToString()).Order());
    }

    [Fact]
    public async Task A_client_that_starts_before_any_silo_made_the_tables_sees_no_gateways_yet()
    {
        ClusterFixture.RequirePostgres();
        // A search path with no schema in it: the tables cannot be found, as in a database no silo has used.
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(ClusterFixture.Connection!) { SearchPath = "taskroute_nothing_here" }.ConnectionString;
        await using var gateways = new PostgresGatewayListProvider(
            Options.Create(new PostgresClusteringOptions { ConnectionString = connection }),
            Options.Create(new ClusterOptions { ClusterId = NewClusterId(), ServiceId = "taskroute-tests" }),
            Options.Create(new GatewayOptions()));
        await gateways.InitializeGatewayListProviderAsync(Ct);

        Assert.Empty(await gateways.GetGatewaysAsync(Ct));
    }

    private static async Task<(TableVersion, SiloStatus)> VersionAndStatus(PostgresMembershipTable table, MembershipEntry entry)
    {
        var row = await table.ReadRowAsync(entry.SiloAddress, Ct);
        return (row.Version, Assert.Single(row.Members).Item1.Status);
    }

    private static IEnumerable<SiloAddress> EntryAddresses(params int[] ports) =>
        ports.Select(p => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, p), 7));
}
