using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;

namespace Taskroute.Cluster.Membership;

/// <summary>Clustering through PostgreSQL: silos register in, and clients find gateways from, the membership table in the given database.</summary>
public static class PostgresClusteringExtensions
{
    /// <summary>Makes the silo keep the cluster's membership in PostgreSQL (tables created if missing), keyed by <c>ClusterOptions.ClusterId</c>.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Configure<PostgresClusteringOptions>(o => o.ConnectionString = connectionString);
        builder.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        return builder;
    }

    /// <summary>Makes the client find the cluster's gateways in the PostgreSQL membership table the silos use.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Configure<PostgresClusteringOptions>(o => o.ConnectionString = connectionString);
        builder.Services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        return builder;
    }
}
