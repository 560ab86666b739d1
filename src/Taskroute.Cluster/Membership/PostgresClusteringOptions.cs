namespace Taskroute.Cluster.Membership;

/// <summary>Where the cluster's membership table lives: a PostgreSQL database, usually the one the journals use.</summary>
public sealed class PostgresClusteringOptions
{
    public string ConnectionString { get; set; } = "";
}
