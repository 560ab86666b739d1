using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;
using static Taskroute.Cluster.Membership.PostgresMembershipSchema;

namespace Taskroute.Cluster.Membership;

/// <summary>Tells an external client which silos it can connect to: the active silos in the cluster's membership table that listen for clients.</summary>
public sealed class PostgresGatewayListProvider : IGatewayListProvider, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string _clusterId;

    public PostgresGatewayListProvider(IOptions<PostgresClusteringOptions> options, IOptions<ClusterOptions> cluster, IOptions<GatewayOptions> gateway)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.ConnectionString);
        _source = NpgsqlDataSource.Create(options.Value.ConnectionString);
        _clusterId = cluster.Value.ClusterId;
        MaxStaleness = gateway.Value.GatewayListRefreshPeriod;
    }

    public TimeSpan MaxStaleness { get; }

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    // A client only reads: it creates nothing, so it can run under a role that may not change the schema.
    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"SELECT silo, proxy_port FROM {MemberTable} WHERE cluster_id = @cluster AND status = @active AND proxy_port > 0;");
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        var gateways = new List<Uri>();
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No silo has started yet to make the tables: no gateways yet, and the client tries again.
            return gateways;
        }
        await using var _ = reader;
        while (await reader.ReadAsync(cancellationToken))
        {
            var silo = SiloAddress.FromParsableString(reader.GetString(0));
            // The silo's identity is its silo-to-silo endpoint; clients connect to the same address on the proxy port.
            var gateway = SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, reader.GetInt32(1)), silo.Generation);
            gateways.Add(gateway.ToGatewayUri());
        }
        return gateways;
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
