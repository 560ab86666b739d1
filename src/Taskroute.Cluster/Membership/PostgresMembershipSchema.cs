using Npgsql;

namespace Taskroute.Cluster.Membership;

/// <summary>
/// The two membership tables, shared by every cluster in the database and keyed by cluster id:
/// one version row per cluster (the table version and its etag, the optimistic-concurrency guard
/// every membership write bumps) and one row per silo incarnation.
/// </summary>
internal static class PostgresMembershipSchema
{
    public const string VersionTable = "taskroute_membership_version";
    public const string MemberTable = "taskroute_membership";

    // Any fixed number: it only has to be the same in every silo and client that creates the schema.
    private const long SchemaLock = 0x7461736b726f7574;

    private const string Ddl = $"""
        CREATE TABLE IF NOT EXISTS {VersionTable} (
            cluster_id text PRIMARY KEY,
            version integer NOT NULL,
            etag text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {MemberTable} (
            cluster_id text NOT NULL,
            silo text NOT NULL,
            status integer NOT NULL,
            proxy_port integer NOT NULL,
            host_name text NOT NULL,
            silo_name text NOT NULL,
            role_name text,
            update_zone integer NOT NULL,
            fault_zone integer NOT NULL,
            suspect_times jsonb NOT NULL,
            last_suspect_time timestamptz,
            start_time timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            etag text NOT NULL,
            PRIMARY KEY (cluster_id, silo));
        """;

    /// <summary>Creates the tables if missing. Silos start together, and two concurrent CREATE TABLE IF NOT EXISTS can still collide, so creation is serialized on an advisory lock.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock);", connection, transaction))
        {
            command.Parameters.AddWithValue("lock", SchemaLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand(Ddl, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
