using Npgsql;
using NpgsqlTypes;

namespace Taskroute.Storage.Postgres;

/// <summary>
/// The journal in PostgreSQL: each batch is one transaction written with binary COPY, durable when
/// it commits. For deployments that keep their data in a database server.
/// </summary>
public sealed class PostgresJournal : IJournal
{
    private readonly NpgsqlConnection _connection;
    private readonly string _table;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="table">The table's name; tests give each run its own.</param>
    public PostgresJournal(string connectionString, string table = "taskroute_journal")
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new ArgumentException($"'{table}' is not a plain lower-case table name", nameof(table));
        _table = table;
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        Execute($"""
            CREATE TABLE IF NOT EXISTS {_table} (
                seq BIGINT PRIMARY KEY,
                time BIGINT NOT NULL,
                message TEXT NOT NULL,
                sender TEXT NOT NULL,
                receiver TEXT NOT NULL,
                task INTEGER,
                contact TEXT,
                dialogue INTEGER,
                task_id TEXT,
                agent INTEGER,
                mrd INTEGER,
                skill_group INTEGER,
                line TEXT NOT NULL,
                command TEXT,
                idempotency_key TEXT
            );
            CREATE INDEX IF NOT EXISTS {_table}_commands ON {_table}(seq) WHERE command IS NOT NULL;
            CREATE INDEX IF NOT EXISTS {_table}_task ON {_table}(task) WHERE task IS NOT NULL;
            CREATE INDEX IF NOT EXISTS {_table}_contact ON {_table}(contact) WHERE contact IS NOT NULL;
            """);
        using var last = new NpgsqlCommand($"SELECT COALESCE(MAX(seq), 0) FROM {_table};", _connection);
        LastSequence = (long)last.ExecuteScalar()!;
    }

    public long LastSequence { get; private set; }

    public long Append(IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return LastSequence;
        var sequence = LastSequence;
        using var transaction = _connection.BeginTransaction();
        using (var copy = _connection.BeginBinaryImport($"COPY {_table} ({JournalSchema.Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var row = new JournalRow(++sequence, entries[i]);
                copy.StartRow();
                copy.Write(row.Sequence, NpgsqlDbType.Bigint);
                copy.Write(row.Time, NpgsqlDbType.Bigint);
                copy.Write(row.Message, NpgsqlDbType.Text);
                copy.Write(row.Sender, NpgsqlDbType.Text);
                copy.Write(row.Receiver, NpgsqlDbType.Text);
                WriteNullable(copy, row.Task, NpgsqlDbType.Integer);
                WriteNullable(copy, row.Contact, NpgsqlDbType.Text);
                WriteNullable(copy, row.Dialogue, NpgsqlDbType.Integer);
                WriteNullable(copy, row.TaskId, NpgsqlDbType.Text);
                WriteNullable(copy, row.Agent, NpgsqlDbType.Integer);
                WriteNullable(copy, row.Mrd, NpgsqlDbType.Integer);
                WriteNullable(copy, row.SkillGroup, NpgsqlDbType.Integer);
                copy.Write(row.Line, NpgsqlDbType.Text);
                WriteNullable(copy, row.Command, NpgsqlDbType.Text);
                WriteNullable(copy, row.IdempotencyKey, NpgsqlDbType.Text);
            }
            copy.Complete();
        }
        transaction.Commit();
        LastSequence = sequence;
        return sequence;
    }

    public IEnumerable<JournaledCommand> ReadCommands()
    {
        using var read = new NpgsqlCommand($"SELECT seq, command, idempotency_key FROM {_table} WHERE command IS NOT NULL ORDER BY seq;", _connection);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return new JournaledCommand(reader.GetInt64(0), CommandCodec.Decode(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    public IEnumerable<(long Sequence, string Line)> ReadEvents(long afterSequence = 0, int limit = int.MaxValue)
    {
        using var read = new NpgsqlCommand($"SELECT seq, line FROM {_table} WHERE seq > @after ORDER BY seq LIMIT @limit;", _connection);
        read.Parameters.AddWithValue("after", afterSequence);
        read.Parameters.AddWithValue("limit", (long)limit);
        using var reader = read.ExecuteReader();
        while (reader.Read()) yield return (reader.GetInt64(0), reader.GetString(1));
    }

    public void Dispose() => _connection.Dispose();

    private static void WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is not null) copy.Write(value, type);
        else copy.WriteNull();
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }
}
