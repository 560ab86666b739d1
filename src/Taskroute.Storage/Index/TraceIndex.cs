using Microsoft.Data.Sqlite;
using Taskroute.Core.Flow;

namespace Taskroute.Storage.Index;

/// <summary>
/// Finds tasks by the ids people hold (SocialContact id, DialogueID, task id) and by the agents the
/// router reserved, in a SQLite file of its own beside the journal. It is derived from the journal
/// and written after it, off the path of every acknowledgement: a request is answered once the
/// journal is durable, and the index follows a moment later. It remembers the last journal record
/// it holds, so after a crash or on a journal that never had one it catches up from the journal
/// itself; losing the file loses nothing.
/// </summary>
public sealed class TraceIndex : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _ids, _agents, _mark;
    private readonly SqliteParameter _idKind, _idValue, _idTask, _agentId, _agentTime, _agentTask, _markSequence;
    private readonly string _readConnectionString;
    private readonly Lock _writeGate = new();
    private long _indexed;

    public TraceIndex(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        // The journal is the record; this file can always be rebuilt from it, so it need not fsync.
        Execute("PRAGMA synchronous=OFF;");
        // Keys are random (contact GUIDs): with SQLite's default 2 MB of cache, inserts read their
        // B-tree pages back from the operating system most of the time.
        Execute("PRAGMA cache_size=-32768;");
        Sqlite.DerivedFileFormat.EmptyUnless(_connection, Format, "ids", "agents", "indexed");
        Execute("""
            CREATE TABLE IF NOT EXISTS ids (
                kind INTEGER NOT NULL,
                id NOT NULL,
                task INTEGER NOT NULL,
                PRIMARY KEY (kind, id, task)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS agents (
                agent INTEGER NOT NULL,
                time INTEGER NOT NULL,
                task INTEGER NOT NULL,
                PRIMARY KEY (agent, time, task)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS indexed (
                one INTEGER PRIMARY KEY CHECK (one = 1),
                seq INTEGER NOT NULL
            );
            INSERT OR IGNORE INTO indexed (one, seq) VALUES (1, 0);
            """);
        using (var read = _connection.CreateCommand())
        {
            read.CommandText = "SELECT seq FROM indexed;";
            _indexed = (long)read.ExecuteScalar()!;
        }
        _ids = Prepare("INSERT OR IGNORE INTO ids (kind, id, task) VALUES ($kind, $id, $task);", out _idKind, "$kind", out _idValue, "$id", out _idTask, "$task");
        _agents = Prepare("INSERT OR IGNORE INTO agents (agent, time, task) VALUES ($agent, $time, $task);", out _agentId, "$agent", out _agentTime, "$time", out _agentTask, "$task");
        _mark = _connection.CreateCommand();
        _mark.CommandText = "UPDATE indexed SET seq = $seq;";
        _markSequence = _mark.Parameters.Add("$seq", SqliteType.Integer);
        _mark.Prepare();
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, Mode = SqliteOpenMode.ReadOnly }.ToString();
    }

    // Format 1 stored contact ids in .NET's mixed-endian byte order; format 2 in the order they are
    // written. The index is derived from the journal, so an older file is emptied and rebuilt.
    private const int Format = 2;

    /// <summary>The sequence of the last journal record the index holds.</summary>
    public long IndexedSequence => Volatile.Read(ref _indexed);

    /// <summary>
    /// Indexes journal records, the first being record <paramref name="firstSequence"/> and the rest
    /// following it one by one. Records the index already holds are skipped.
    /// </summary>
    public void Add(long firstSequence, IReadOnlyList<FlowEvent[]> records)
    {
        lock (_writeGate)
        {
            var last = firstSequence + records.Count - 1;
            if (last <= _indexed) return;
            using var transaction = _connection.BeginTransaction();
            _ids.Transaction = transaction;
            _agents.Transaction = transaction;
            _mark.Transaction = transaction;
            for (var i = 0; i < records.Count; i++)
                if (firstSequence + i > _indexed) Write(records[i]);
            _markSequence.Value = last;
            _mark.ExecuteNonQuery();
            transaction.Commit();
            Volatile.Write(ref _indexed, last);
        }
    }

    /// <summary>Indexes whatever the journal holds beyond the index, in batches; returns how many records that was.</summary>
    public long CatchUp(IJournal journal, int batch = 10_000)
    {
        ArgumentNullException.ThrowIfNull(journal);
        long added = 0;
        while (true)
        {
            var records = journal.ReadRecords(IndexedSequence, batch).ToList();
            if (records.Count == 0) return added;
            // Sequences have no gaps: the batch is one run from its first record.
            Add(records[0].Sequence, [.. records.Select(r => r.Events)]);
            added += records.Count;
        }
    }

    public IReadOnlyList<int> FindTasks(TaskKey key)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT task FROM ids WHERE kind = $kind AND id = $id ORDER BY task;";
        read.Parameters.AddWithValue("$kind", (int)key.Kind);
        read.Parameters.AddWithValue("$id", key.Value);
        using var reader = read.ExecuteReader();
        var tasks = new List<int>();
        while (reader.Read()) tasks.Add(reader.GetInt32(0));
        return tasks;
    }

    /// <summary>The tasks the router reserved the agent (ICM agent id) for between two times (Unix milliseconds, inclusive), oldest first.</summary>
    public IReadOnlyList<AgentTask> FindAgentTasks(int agentId, long from, long to, int limit = 1000)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT task, time FROM agents WHERE agent = $agent AND time BETWEEN $from AND $to ORDER BY time, task LIMIT $limit;";
        read.Parameters.AddWithValue("$agent", agentId);
        read.Parameters.AddWithValue("$from", from);
        read.Parameters.AddWithValue("$to", to);
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        var tasks = new List<AgentTask>();
        while (reader.Read()) tasks.Add(new AgentTask(reader.GetInt32(0), reader.GetInt64(1)));
        return tasks;
    }

    private void Write(FlowEvent[] events)
    {
        foreach (var (key, task) in JournalIndex.Keys(events))
        {
            _idKind.Value = (int)key.Kind;
            _idValue.Value = key.Value;
            _idValue.SqliteType = key.Kind == TaskKeyKind.Contact ? SqliteType.Blob : SqliteType.Integer;
            _idTask.Value = task;
            _ids.ExecuteNonQuery();
        }
        foreach (var (agent, time, task) in JournalIndex.Reservations(events))
        {
            _agentId.Value = agent;
            _agentTime.Value = time;
            _agentTask.Value = task;
            _agents.ExecuteNonQuery();
        }
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private SqliteCommand Prepare(string sql, out SqliteParameter a, string aName, out SqliteParameter b, string bName, out SqliteParameter c, string cName)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        a = command.Parameters.Add(aName, SqliteType.Integer);
        b = command.Parameters.Add(bName, SqliteType.Integer);
        c = command.Parameters.Add(cName, SqliteType.Integer);
        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _ids.Dispose();
            _agents.Dispose();
            _mark.Dispose();
            _connection.Dispose();
            using var pooled = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }
}
