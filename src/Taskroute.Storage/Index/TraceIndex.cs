using Microsoft.Data.Sqlite;
using Taskroute.Core.Flow;

namespace Taskroute.Storage.Index;

/// <summary>
/// Finds tasks by the ids people hold (SocialContact id, DialogueID, task id) and by the agents the
/// router reserved, in a SQLite file of its own beside the journal. It is derived from the journal
/// and written after it, off the path of every acknowledgement: a request is answered once the
/// journal is durable, and the index follows a moment later. It remembers the last journal record
/// it holds, so after a crash or on a journal that never had one it catches up from the journal
/// itself; losing the file loses nothing. It remembers that record's fingerprint too: an index
/// opened beside a journal it was not built from (restored from a backup, or another storage) is
/// emptied and built again rather than answering with another journal's task numbers.
/// </summary>
public sealed class TraceIndex : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Sqlite.RawStatement _ids, _agents;
    private readonly SqliteCommand _mark;
    private readonly SqliteParameter _markSequence, _markFingerprint;
    // Reused for each record: the index writes a few rows per task, hundreds of thousands a minute under load.
    private readonly List<(TaskKey Key, int Task)> _keys = [];
    private readonly List<(int AgentId, long Time, int Task)> _reserved = [];
    private readonly string _readConnectionString;
    private readonly Lock _writeGate = new();
    private long _indexed;
    private long _fingerprint;

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
                seq INTEGER NOT NULL,
                fingerprint INTEGER NOT NULL
            );
            INSERT OR IGNORE INTO indexed (one, seq, fingerprint) VALUES (1, 0, 0);
            """);
        using (var read = _connection.CreateCommand())
        {
            read.CommandText = "SELECT seq, fingerprint FROM indexed;";
            using var reader = read.ExecuteReader();
            reader.Read();
            _indexed = reader.GetInt64(0);
            _fingerprint = reader.GetInt64(1);
        }
        _ids = new Sqlite.RawStatement(_connection, "INSERT OR IGNORE INTO ids (kind, id, task) VALUES (?1, ?2, ?3);");
        _agents = new Sqlite.RawStatement(_connection, "INSERT OR IGNORE INTO agents (agent, time, task) VALUES (?1, ?2, ?3);");
        _mark = _connection.CreateCommand();
        _mark.CommandText = "UPDATE indexed SET seq = $seq, fingerprint = $fingerprint;";
        _markSequence = _mark.Parameters.Add("$seq", SqliteType.Integer);
        _markFingerprint = _mark.Parameters.Add("$fingerprint", SqliteType.Integer);
        _mark.Prepare();
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, Mode = SqliteOpenMode.ReadOnly }.ToString();
    }

    // Format 1 stored contact ids in .NET's mixed-endian byte order; format 2 in the order they are
    // written; format 3 keeps the fingerprint of its last record, without which an index cannot be
    // told apart from another journal's. The index is derived from the journal, so an older file is
    // emptied and rebuilt.
    private const int Format = 3;

    /// <summary>The sequence of the last journal record the index holds.</summary>
    public long IndexedSequence => Volatile.Read(ref _indexed);

    /// <summary>The last journal record the index holds, with its fingerprint.</summary>
    public JournalMark Mark
    {
        get
        {
            lock (_writeGate) return new JournalMark(_indexed, _fingerprint);
        }
    }

    /// <summary>
    /// Empties the index unless it was built from <paramref name="journal"/> (see
    /// <see cref="JournalMark.Misfit"/>), so that catching up builds it again from the journal's first
    /// record; returns why it was emptied, or null when it was kept.
    /// </summary>
    public string? DiscardUnlessOf(IJournal journal)
    {
        lock (_writeGate)
        {
            var why = new JournalMark(_indexed, _fingerprint).Misfit(journal);
            if (why is null) return null;
            Sqlite.DerivedFileFormat.Empty(_connection, "DELETE FROM ids; DELETE FROM agents; UPDATE indexed SET seq = 0, fingerprint = 0;");
            _fingerprint = 0;
            Volatile.Write(ref _indexed, 0);
            return why;
        }
    }

    /// <summary>
    /// Indexes journal records, the first being record <paramref name="firstSequence"/> and the rest
    /// following it one by one, the last having the fingerprint <paramref name="lastFingerprint"/>.
    /// Records the index already holds are skipped.
    /// </summary>
    public void Add(long firstSequence, IReadOnlyList<FlowEvent[]> records, long lastFingerprint)
    {
        lock (_writeGate)
        {
            var last = firstSequence + records.Count - 1;
            if (last <= _indexed) return;
            using var transaction = _connection.BeginTransaction();
            _mark.Transaction = transaction;
            for (var i = 0; i < records.Count; i++)
                if (firstSequence + i > _indexed) Write(records[i]);
            _markSequence.Value = last;
            _markFingerprint.Value = lastFingerprint;
            _mark.ExecuteNonQuery();
            transaction.Commit();
            _fingerprint = lastFingerprint;
            Volatile.Write(ref _indexed, last);
        }
    }

    /// <summary>
    /// Indexes whatever the journal holds beyond the index, in batches, after emptying an index not
    /// built from this journal (<see cref="DiscardUnlessOf"/>); returns how many records that was.
    /// <paramref name="beforeEachRead"/> runs before every read of the journal, the last of which
    /// finds nothing more: whatever was durable before it ran is read after it.
    /// </summary>
    public long CatchUp(IJournal journal, int batch = 10_000, Action? beforeEachRead = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        DiscardUnlessOf(journal);
        long added = 0;
        while (true)
        {
            beforeEachRead?.Invoke();
            var records = journal.ReadRecords(IndexedSequence, batch).ToList();
            if (records.Count == 0) return added;
            // Sequences have no gaps: the batch is one run from its first record.
            Add(records[0].Sequence, [.. records.Select(r => r.Events)], journal.Fingerprint(records[^1].Sequence) ?? 0);
            added += records.Count;
        }
    }

    public IReadOnlyList<int> FindTasks(TaskKey key)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        if (key.Kind == TaskKeyKind.RouterCallKey)
        {
            read.CommandText = "SELECT DISTINCT task FROM ids WHERE kind = $kind AND id BETWEEN $from AND $to ORDER BY task;";
            read.Parameters.AddWithValue("$kind", (int)TaskKeyKind.TaskId);
            read.Parameters.AddWithValue("$from", key.TaskIdRange.From);
            read.Parameters.AddWithValue("$to", key.TaskIdRange.To);
        }
        else
        {
            read.CommandText = "SELECT task FROM ids WHERE kind = $kind AND id = $id ORDER BY task;";
            read.Parameters.AddWithValue("$kind", (int)key.Kind);
            read.Parameters.AddWithValue("$id", key.Value);
        }
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
        JournalIndex.Keys(events, _keys);
        Span<byte> bytes = stackalloc byte[16];
        foreach (var (key, task) in _keys)
        {
            _ids.Bind(1, (long)key.Kind);
            if (key.Kind == TaskKeyKind.Contact)
            {
                key.WriteContactBytes(bytes);
                _ids.Bind(2, bytes);
            }
            else
            {
                _ids.Bind(2, key.Number);
            }
            _ids.Bind(3, task);
            _ids.Run();
        }
        JournalIndex.Reservations(events, _reserved);
        foreach (var (agent, time, task) in _reserved)
        {
            _agents.Bind(1, agent);
            _agents.Bind(2, time);
            _agents.Bind(3, task);
            _agents.Run();
        }
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
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
