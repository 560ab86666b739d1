using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using static Taskroute.Cluster.Membership.PostgresMembershipSchema;

namespace Taskroute.Cluster.Membership;

/// <summary>
/// Orleans' membership table kept in PostgreSQL, so that silos find each other through the
/// database the journals already need. Every change to a silo's row also moves the cluster's
/// table version on, in one transaction, and only from the version and etag the writer read:
/// two silos voting on the same suspect cannot both win, and the loser re-reads and tries again.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string _clusterId;

    public PostgresMembershipTable(IOptions<PostgresClusteringOptions> options, IOptions<ClusterOptions> cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.ConnectionString);
        _source = NpgsqlDataSource.Create(options.Value.ConnectionString);
        _clusterId = cluster.Value.ClusterId;
    }

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await EnsureAsync(_source, cancellationToken);
        if (!tryInitTableVersion) return;
        await using var command = _source.CreateCommand(
            $"INSERT INTO {VersionTable} (cluster_id, version, etag) VALUES (@cluster, 0, @etag) ON CONFLICT (cluster_id) DO NOTHING;");
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("etag", NewEtag());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"DELETE FROM {MemberTable} WHERE cluster_id = @cluster; DELETE FROM {VersionTable} WHERE cluster_id = @cluster;");
        command.Parameters.AddWithValue("cluster", clusterId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    /// <summary>Deletes dead silos last heard of (started, alive or voted on) before <paramref name="beforeDate"/>. It leaves the table version alone: no live silo's view depends on a dead row.</summary>
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"""
            DELETE FROM {MemberTable} WHERE cluster_id = @cluster AND status = @dead
                AND GREATEST(start_time, i_am_alive_time, last_suspect_time) < @before;
            """);
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("dead", (int)SiloStatus.Dead);
        command.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        ReadAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteAsync(entry, tableVersion, $"""
            INSERT INTO {MemberTable} (cluster_id, silo, status, proxy_port, host_name, silo_name, role_name, update_zone, fault_zone,
                suspect_times, last_suspect_time, start_time, i_am_alive_time, etag)
            VALUES (@cluster, @silo, @status, @proxy_port, @host_name, @silo_name, @role_name, @update_zone, @fault_zone,
                @suspect_times, @last_suspect_time, @start_time, @i_am_alive_time, @new_etag)
            ON CONFLICT (cluster_id, silo) DO NOTHING;
            """, rowEtag: null, cancellationToken);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteAsync(entry, tableVersion, $"""
            UPDATE {MemberTable} SET status = @status, proxy_port = @proxy_port, host_name = @host_name, silo_name = @silo_name,
                role_name = @role_name, update_zone = @update_zone, fault_zone = @fault_zone, suspect_times = @suspect_times,
                last_suspect_time = @last_suspect_time, start_time = @start_time, i_am_alive_time = @i_am_alive_time, etag = @new_etag
            WHERE cluster_id = @cluster AND silo = @silo AND etag = @row_etag;
            """, etag, cancellationToken);

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    /// <summary>Writes the heartbeat alone. The row's etag stays: a heartbeat must not make another silo's vote on this row fail.</summary>
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"UPDATE {MemberTable} SET i_am_alive_time = @alive WHERE cluster_id = @cluster AND silo = @silo;");
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("silo", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("alive", MembershipColumns.Utc(entry.IAmAliveTime));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            throw new InvalidOperationException($"silo {entry.SiloAddress} has no row in cluster '{_clusterId}''s membership table");
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>
    /// The version and the rows (all, or the one silo's) in one statement, so one snapshot: the
    /// left join still answers the version when there are no rows yet.
    /// </summary>
    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"""
            SELECT v.version, v.etag, {MembershipColumns.Select}
            FROM {VersionTable} v LEFT JOIN {MemberTable} m ON m.cluster_id = v.cluster_id {(silo is null ? "" : "AND m.silo = @silo")}
            WHERE v.cluster_id = @cluster;
            """);
        command.Parameters.AddWithValue("cluster", _clusterId);
        if (silo is not null) command.Parameters.AddWithValue("silo", silo.ToParsableString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Tuple<MembershipEntry, string>>();
        // No version row: the table was never initialized for this cluster, or was deleted; no etag can match it.
        var version = new TableVersion(0, "");
        while (await reader.ReadAsync(cancellationToken))
        {
            version = new TableVersion(reader.GetInt32(0), reader.GetString(1));
            if (!reader.IsDBNull(2)) rows.Add(MembershipColumns.Read(reader, 2));
        }
        return new MembershipTableData(rows, version);
    }

    /// <summary>
    /// Moves the table version on to <paramref name="tableVersion"/> (only from the version just
    /// before it, with the etag the caller read) and writes the row, both or neither.
    /// </summary>
    private async Task<bool> WriteAsync(MembershipEntry entry, TableVersion tableVersion, string rowSql, string? rowEtag, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The update locks the version row: a concurrent writer waits, then finds the etag moved and updates nothing.
        await using (var bump = new NpgsqlCommand(
            $"""
            UPDATE {VersionTable} SET version = @version, etag = @new_etag, updated_at = now()
            WHERE cluster_id = @cluster AND version = @version - 1 AND etag = @etag;
            """, connection, transaction))
        {
            bump.Parameters.AddWithValue("cluster", _clusterId);
            bump.Parameters.AddWithValue("version", tableVersion.Version);
            bump.Parameters.AddWithValue("etag", tableVersion.VersionEtag ?? "");
            bump.Parameters.AddWithValue("new_etag", NewEtag());
            if (await bump.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        }
        await using (var row = new NpgsqlCommand(rowSql, connection, transaction))
        {
            row.Parameters.AddWithValue("cluster", _clusterId);
            MembershipColumns.Bind(row, entry);
            row.Parameters.AddWithValue("new_etag", NewEtag());
            if (rowEtag is not null) row.Parameters.AddWithValue("row_etag", rowEtag);
            if (await row.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string NewEtag() => Guid.NewGuid().ToString("N");
}
