using Npgsql;
using Taskroute.Storage.Snapshots;

namespace Taskroute.Storage.Postgres;

/// <summary>
/// Snapshots in PostgreSQL, in a table beside the journal's (<c>&lt;journal&gt;_snapshots</c>). A
/// snapshot and the trimming of older ones commit in one transaction. Its own connections: it is
/// written beside the journal's appends, not between them.
/// </summary>
public sealed class PostgresSnapshotStore : ISnapshotStore, IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string _table;
    private readonly int _keep;

    public PostgresSnapshotStore(string connectionString, string journalTable = "taskroute_journal", int keep = 2)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(journalTable, "^[a-z_][a-z0-9_]{0,50}$"))
            throw new ArgumentException($"'{journalTable}' is not a plain lower-case table name", nameof(journalTable));
        _table = journalTable + "_snapshots";
        _keep = keep;
        _source = NpgsqlDataSource.Create(connectionString);
        using var create = _source.CreateCommand($"CREATE TABLE IF NOT EXISTS {_table} (seq BIGINT PRIMARY KEY, data BYTEA NOT NULL);");
        create.ExecuteNonQuery();
    }

    public void Save(long sequence, ReadOnlyMemory<byte> snapshot)
    {
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var insert = new NpgsqlCommand($"INSERT INTO {_table} (seq, data) VALUES (@seq, @data) ON CONFLICT (seq) DO UPDATE SET data = EXCLUDED.data;", connection, transaction))
        {
            insert.Parameters.AddWithValue("seq", sequence);
            insert.Parameters.AddWithValue("data", snapshot);
            insert.ExecuteNonQuery();
        }
        using (var trim = new NpgsqlCommand($"DELETE FROM {_table} WHERE seq NOT IN (SELECT seq FROM {_table} ORDER BY seq DESC LIMIT @keep);", connection, transaction))
        {
            trim.Parameters.AddWithValue("keep", _keep);
            trim.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public IReadOnlyList<StoredSnapshot> List()
    {
        var found = new List<StoredSnapshot>();
        using var list = _source.CreateCommand($"SELECT seq FROM {_table} ORDER BY seq DESC;");
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            var sequence = reader.GetInt64(0);
            found.Add(new StoredSnapshot(sequence, $"{_table} seq {sequence}", () => Read(sequence)));
        }
        return found;
    }

    public void Delete(long sequence)
    {
        using var delete = _source.CreateCommand($"DELETE FROM {_table} WHERE seq = @seq;");
        delete.Parameters.AddWithValue("seq", sequence);
        delete.ExecuteNonQuery();
    }

    private byte[] Read(long sequence)
    {
        using var read = _source.CreateCommand($"SELECT data FROM {_table} WHERE seq = @seq;");
        read.Parameters.AddWithValue("seq", sequence);
        return read.ExecuteScalar() as byte[] ?? throw new InvalidOperationException($"snapshot {sequence} is gone from {_table}");
    }

    public void Dispose() => _source.Dispose();
}
