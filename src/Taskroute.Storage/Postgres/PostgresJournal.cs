using Npgsql;
using NpgsqlTypes;
using Taskroute.Storage.Index;

namespace Taskroute.Storage.Postgres;

/// <summary>
/// The journal in PostgreSQL: each batch is one transaction written with binary COPY, durable when
/// it commits. For deployments that keep their data in a database server.
/// </summary>
public sealed class PostgresJournal : IJournal
{
    private readonly NpgsqlConnection _connection;
    private readonly string _table;

    // Reads come from request threads while the writer appends on its own connection.
    private readonly NpgsqlDataSource _readers;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="table">The table's name; tests give each run its own.</param>
    public PostgresJournal(string connectionString, string table = "taskroute_journal")
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[a-z_][a-z0-9_]{0,50}$"))
            throw new ArgumentException($"'{table}' is not a plain lower-case table name", nameof(table));
        _table = table;
        _connection = new NpgsqlConnection(connectionString);
        _readers = NpgsqlDataSource.Create(connectionString);
        _connection.Open();
        Execute($"""
            CREATE TABLE IF NOT EXISTS {_table} (
                seq BIGINT PRIMARY KEY,
                time BIGINT NOT NULL,
                events BYTEA NOT NULL,
                command TEXT,
                idempotency_key TEXT
            );
            CREATE TABLE IF NOT EXISTS {_table}_tasks (
                task INTEGER NOT NULL,
                seq BIGINT NOT NULL,
                PRIMARY KEY (task, seq)
            );
            CREATE TABLE IF NOT EXISTS {_table}_ids (
                kind SMALLINT NOT NULL,
                id BYTEA NOT NULL,
                task INTEGER NOT NULL,
                PRIMARY KEY (kind, id, task)
            );
            CREATE TABLE IF NOT EXISTS {_table}_agents (
                agent INTEGER NOT NULL,
                time BIGINT NOT NULL,
                task INTEGER NOT NULL,
                PRIMARY KEY (agent, time, task)
            );
            """);
        using var last = new NpgsqlCommand($"SELECT COALESCE(MAX(seq), 0) FROM {_table};", _connection);
        LastSequence = (long)last.ExecuteScalar()!;
    }

    public long LastSequence { get; private set; }

    public long Append(IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return LastSequence;
        var sequence = LastSequence;
        var tasks = new List<(int Task, long Sequence)>();
        var keys = new List<(TaskKey Key, int Task)>();
        var reservations = new List<(int AgentId, long Time, int Task)>();
        using var transaction = _connection.BeginTransaction();
        using (var copy = _connection.BeginBinaryImport($"COPY {_table} (seq, time, events, command, idempotency_key) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var row = new JournalRow(++sequence, entries[i]);
                copy.StartRow();
                copy.Write(row.Sequence, NpgsqlDbType.Bigint);
                copy.Write(row.Time, NpgsqlDbType.Bigint);
                copy.Write(row.Events, NpgsqlDbType.Bytea);
                if (row.Command is null) copy.WriteNull();
                else copy.Write(row.Command, NpgsqlDbType.Text);
                if (row.IdempotencyKey is null) copy.WriteNull();
                else copy.Write(row.IdempotencyKey, NpgsqlDbType.Text);
                foreach (var task in entries[i].Tasks()) tasks.Add((task, sequence));
                keys.AddRange(JournalIndex.Keys(entries[i].Events));
                reservations.AddRange(JournalIndex.Reservations(entries[i].Events));
            }
            copy.Complete();
        }
        using (var copy = _connection.BeginBinaryImport($"COPY {_table}_tasks (task, seq) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (task, seq) in tasks)
            {
                copy.StartRow();
                copy.Write(task, NpgsqlDbType.Integer);
                copy.Write(seq, NpgsqlDbType.Bigint);
            }
            copy.Complete();
        }
        // The ids of a batch go in with a plain insert that skips repeats (a requeued task is reserved
        // again under the same task id); COPY cannot skip a row that is already there.
        if (keys.Count > 0) InsertIgnoring($"INSERT INTO {_table}_ids (kind, id, task) SELECT * FROM unnest(@a, @b, @c) ON CONFLICT DO NOTHING;",
            keys.Select(k => (short)k.Key.Kind).ToArray(), keys.Select(k => KeyBytes(k.Key)).ToArray(), keys.Select(k => k.Task).ToArray(), transaction);
        if (reservations.Count > 0) InsertIgnoring($"INSERT INTO {_table}_agents (agent, time, task) SELECT * FROM unnest(@a, @b, @c) ON CONFLICT DO NOTHING;",
            reservations.Select(r => r.AgentId).ToArray(), reservations.Select(r => r.Time).ToArray(), reservations.Select(r => r.Task).ToArray(), transaction);
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
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT seq, time, events, command FROM {_table} WHERE seq > @after ORDER BY seq LIMIT @limit;", connection);
        read.Parameters.AddWithValue("after", afterSequence);
        read.Parameters.AddWithValue("limit", (long)limit);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            foreach (var line in JournalRow.Lines(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3))) yield return line;
    }

    public IEnumerable<(long Sequence, string Line)> ReadTask(int task)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT j.seq, j.time, j.events, j.command FROM {_table}_tasks t JOIN {_table} j ON j.seq = t.seq WHERE t.task = @task ORDER BY j.seq;", connection);
        read.Parameters.AddWithValue("task", task);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            foreach (var line in JournalRow.Lines(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3))) yield return line;
    }

    private void InsertIgnoring<TA, TB, TC>(string sql, TA[] a, TB[] b, TC[] c, NpgsqlTransaction transaction)
    {
        using var insert = new NpgsqlCommand(sql, _connection, transaction);
        insert.Parameters.AddWithValue("a", a);
        insert.Parameters.AddWithValue("b", b);
        insert.Parameters.AddWithValue("c", c);
        insert.ExecuteNonQuery();
    }

    // One column for every kind of id: a contact's 16 bytes, or a number's 8 big-endian bytes.
    private static byte[] KeyBytes(TaskKey key)
    {
        if (key.Kind == TaskKeyKind.Contact) return key.Contact.ToByteArray();
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, key.Number);
        return bytes;
    }

    public IEnumerable<JournaledRecord> ReadTaskRecords(int task)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT j.seq, j.time, j.events, j.command FROM {_table}_tasks t JOIN {_table} j ON j.seq = t.seq WHERE t.task = @task ORDER BY j.seq;", connection);
        read.Parameters.AddWithValue("task", task);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return JournalRow.Decode(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public IReadOnlyList<int> FindTasks(TaskKey key)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT task FROM {_table}_ids WHERE kind = @kind AND id = @id ORDER BY task;", connection);
        read.Parameters.AddWithValue("kind", (short)key.Kind);
        read.Parameters.AddWithValue("id", KeyBytes(key));
        using var reader = read.ExecuteReader();
        var tasks = new List<int>();
        while (reader.Read()) tasks.Add(reader.GetInt32(0));
        return tasks;
    }

    public IReadOnlyList<AgentTask> FindAgentTasks(int agentId, long from, long to, int limit = 1000)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT task, time FROM {_table}_agents WHERE agent = @agent AND time BETWEEN @from AND @to ORDER BY time, task LIMIT @limit;", connection);
        read.Parameters.AddWithValue("agent", agentId);
        read.Parameters.AddWithValue("from", from);
        read.Parameters.AddWithValue("to", to);
        read.Parameters.AddWithValue("limit", (long)limit);
        using var reader = read.ExecuteReader();
        var tasks = new List<AgentTask>();
        while (reader.Read()) tasks.Add(new AgentTask(reader.GetInt32(0), reader.GetInt64(1)));
        return tasks;
    }

    public void Dispose()
    {
        _readers.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }
}
