using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Taskroute.Core.Reporting;

namespace Taskroute.Storage.Reports;

/// <summary>
/// The reports, kept in a SQLite file of their own beside the journal (<c>reports.db</c>): interval
/// rows per MRD, skill group, precision queue, agent and script selector, a detail record per ended
/// task, the builder's open tasks and its position, all written in one transaction so that they
/// always agree. Open tasks are kept as rows changed one by one: a backlog of queued tasks costs a
/// save only what changed since the last.
/// Derived from the journal like the trace index: it need not fsync, and losing it loses nothing.
/// Its position carries the fingerprint of the last record counted, so that reports kept beside a
/// journal they were not counted from (restored from a backup, or another storage) are emptied and
/// counted again rather than counting tasks the journal does not hold.
/// </summary>
public sealed class ReportStore : IDisposable
{
    private static readonly Counter[] Counters = Enum.GetValues<Counter>();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly SqliteConnection _connection;
    private readonly string _readConnectionString;
    private readonly Lock _writeGate = new();
    private ReportCheckpoint _checkpoint;
    private long _fingerprint;

    /// <summary>Opens (or creates) the store; one kept with another interval length is emptied, to be rebuilt from the journal.</summary>
    public ReportStore(string path, int intervalMinutes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        IntervalMinutes = intervalMinutes;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=OFF;");
        Sqlite.DerivedFileFormat.EmptyUnless(_connection, Format, "meta", "intervals", "not_ready", "tasks", "open_tasks");
        var columns = string.Join(", ", Counters.Select(c => $"{Column(c)} INTEGER NOT NULL DEFAULT 0"));
        Execute($"""
            CREATE TABLE IF NOT EXISTS meta (
                one INTEGER PRIMARY KEY CHECK (one = 1),
                interval_minutes INTEGER NOT NULL,
                checkpoint TEXT NOT NULL,
                fingerprint INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS intervals (
                dim INTEGER NOT NULL,
                start INTEGER NOT NULL,
                id TEXT NOT NULL,
                {columns},
                PRIMARY KEY (dim, start, id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS not_ready (
                dim INTEGER NOT NULL,
                start INTEGER NOT NULL,
                id TEXT NOT NULL,
                reason INTEGER NOT NULL,
                ms INTEGER NOT NULL,
                PRIMARY KEY (dim, start, id, reason)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS tasks (
                task INTEGER PRIMARY KEY,
                ended INTEGER NOT NULL,
                mrd INTEGER NOT NULL,
                queue TEXT NOT NULL,
                login INTEGER NOT NULL,
                selector TEXT,
                outcome INTEGER NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS tasks_by_end ON tasks (ended);
            CREATE TABLE IF NOT EXISTS open_tasks (
                task INTEGER PRIMARY KEY,
                service_level_counted INTEGER NOT NULL
            );
            """);
        using (var read = _connection.CreateCommand())
        {
            read.CommandText = "SELECT interval_minutes, checkpoint, fingerprint FROM meta;";
            using var reader = read.ExecuteReader();
            _checkpoint = ReportCheckpoint.Start;
            if (reader.Read())
            {
                if (reader.GetInt32(0) == intervalMinutes)
                {
                    _checkpoint = JsonSerializer.Deserialize<ReportCheckpoint>(reader.GetString(1), Json) ?? ReportCheckpoint.Start;
                    _fingerprint = reader.GetInt64(2);
                }
                else
                {
                    reader.Close();
                    Execute("DELETE FROM intervals; DELETE FROM not_ready; DELETE FROM tasks; DELETE FROM open_tasks; DELETE FROM meta;");
                }
            }
        }
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, Mode = SqliteOpenMode.ReadOnly }.ToString();
    }

    // Format 1 kept every open task in the checkpoint's JSON, rewritten at each save; format 2 keeps
    // them as rows; format 3 keeps the fingerprint of the last record counted, without which reports
    // cannot be told apart from another journal's; format 4 counts a transferred task by the script
    // selector it was routed by and as handled (before, the transfer's target and reserved); format 5
    // gives a task ended by its agent's sign-out its handle time (before, none); format 6 leaves a
    // task's withinServiceLevel null when the service level does not count it (before, false, as a
    // miss); format 7 counts a task of a script selector the configuration lacks on its task feed's
    // MRD (before, on no MRD); format 8 keeps agent and MRD rows' not-ready time by reason code
    // (before, as one sum). The reports are derived from the journal: an older file is emptied and rebuilt.
    private const int Format = 8;

    public int IntervalMinutes { get; }

    /// <summary>
    /// The interval length the reports at <paramref name="path"/> were kept in (the server's setting
    /// when it last counted them); null when there are none yet or the file cannot be read as such.
    /// </summary>
    public static int? KeptIntervalMinutes(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT interval_minutes FROM meta;";
            return read.ExecuteScalar() is long minutes && minutes is 15 or 30 ? (int)minutes : null;
        }
        catch (SqliteException)
        {
            // No meta table yet, or not a reports file: the caller's default stands (and opening it for writing says more).
            return null;
        }
    }

    /// <summary>The last journal record the stored reports have counted.</summary>
    public long Sequence => Volatile.Read(ref _checkpoint).Sequence;

    /// <summary>The last journal record the stored reports have counted, with its fingerprint.</summary>
    public JournalMark Mark
    {
        get
        {
            lock (_writeGate) return new JournalMark(_checkpoint.Sequence, _fingerprint);
        }
    }

    /// <summary>
    /// Empties the store unless it was counted from <paramref name="journal"/> (see
    /// <see cref="JournalMark.Misfit"/>), so that catching up counts the journal again from its
    /// first record; returns why it was emptied, or null when it was kept.
    /// </summary>
    public string? DiscardUnlessOf(IJournal journal)
    {
        lock (_writeGate)
        {
            var why = new JournalMark(_checkpoint.Sequence, _fingerprint).Misfit(journal);
            if (why is null) return null;
            Sqlite.DerivedFileFormat.Empty(_connection, "DELETE FROM intervals; DELETE FROM not_ready; DELETE FROM tasks; DELETE FROM open_tasks; DELETE FROM meta;");
            _fingerprint = 0;
            Volatile.Write(ref _checkpoint, ReportCheckpoint.Start);
            return why;
        }
    }

    /// <summary>Where the stored reports stand: the last journal record counted, what was still open then, and the agents' states.</summary>
    public ReportCheckpoint LoadCheckpoint()
    {
        lock (_writeGate)
        {
            var position = Volatile.Read(ref _checkpoint);
            using var read = _connection.CreateCommand();
            read.CommandText = "SELECT task, service_level_counted FROM open_tasks ORDER BY task;";
            using var reader = read.ExecuteReader();
            var open = new List<OpenTaskMark>();
            while (reader.Read()) open.Add(new OpenTaskMark(reader.GetInt32(0), reader.GetBoolean(1)));
            return position with { OpenTasks = open };
        }
    }

    /// <summary>
    /// Takes a builder's changes since its last save and writes them with its position in one
    /// transaction; <paramref name="fingerprint"/> is that of the last record the builder counted.
    /// </summary>
    public void Save(ReportBuilder builder, long fingerprint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (rows, tasks) = builder.TakeChanges();
        Save(rows, tasks, builder.TakeOpenTaskChanges(), builder.Position(), fingerprint);
    }

    private void Save(IReadOnlyDictionary<(long Start, ReportKey Key), IntervalCounters> rows, IReadOnlyList<TaskDetailRecord> tasks, OpenTaskChanges open, ReportCheckpoint position, long fingerprint)
    {
        lock (_writeGate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var upsert = _connection.CreateCommand())
            {
                upsert.Transaction = transaction;
                upsert.CommandText = $"""
                    INSERT INTO intervals (dim, start, id, {string.Join(", ", Counters.Select(Column))})
                    VALUES ($dim, $start, $id, {string.Join(", ", Counters.Select(c => "$" + Column(c)))})
                    ON CONFLICT (dim, start, id) DO UPDATE SET {string.Join(", ", Counters.Select(c => c == Counter.LongestQueueMs
                        ? $"{Column(c)} = max({Column(c)}, excluded.{Column(c)})"
                        : $"{Column(c)} = {Column(c)} + excluded.{Column(c)}"))};
                    """;
                var dim = upsert.Parameters.Add("$dim", SqliteType.Integer);
                var start = upsert.Parameters.Add("$start", SqliteType.Integer);
                var id = upsert.Parameters.Add("$id", SqliteType.Text);
                var values = Counters.Select(c => upsert.Parameters.Add("$" + Column(c), SqliteType.Integer)).ToArray();
                upsert.Prepare();
                foreach (var ((rowStart, key), counters) in rows)
                {
                    dim.Value = (int)key.Dimension;
                    start.Value = rowStart;
                    id.Value = key.Id;
                    for (var i = 0; i < Counters.Length; i++) values[i].Value = counters[Counters[i]];
                    upsert.ExecuteNonQuery();
                }
            }
            using (var reasons = new Sqlite.RawStatement(_connection, """
                INSERT INTO not_ready (dim, start, id, reason, ms) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (dim, start, id, reason) DO UPDATE SET ms = ms + excluded.ms;
                """))
            {
                foreach (var ((rowStart, key), counters) in rows)
                {
                    foreach (var (reason, ms) in counters.NotReadyByReason)
                    {
                        reasons.Bind(1, (int)key.Dimension);
                        reasons.Bind(2, rowStart);
                        reasons.Bind(3, key.Id);
                        reasons.Bind(4, reason);
                        reasons.Bind(5, ms);
                        reasons.Run();
                    }
                }
            }
            // A row per ended task and per task opened or closed since the last save: written
            // straight through SQLite, with no binder or boxed number per value (see RawStatement).
            using (var insert = new Sqlite.RawStatement(_connection, """
                INSERT OR REPLACE INTO tasks (task, ended, mrd, queue, login, selector, outcome, body)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);
                """))
            {
                foreach (var t in tasks)
                {
                    insert.Bind(1, t.Task);
                    insert.Bind(2, t.EndedAt);
                    insert.Bind(3, t.MrdId);
                    insert.Bind(4, QueueOf(t));
                    insert.Bind(5, t.LoginId);
                    insert.Bind(6, t.ScriptSelector);
                    insert.Bind(7, (long)t.Outcome);
                    insert.BindText(8, JsonSerializer.SerializeToUtf8Bytes(t, Json));
                    insert.Run();
                }
            }
            SaveOpenTasks(open);
            using (var mark = _connection.CreateCommand())
            {
                mark.Transaction = transaction;
                mark.CommandText = "INSERT OR REPLACE INTO meta (one, interval_minutes, checkpoint, fingerprint) VALUES (1, $minutes, $checkpoint, $fingerprint);";
                mark.Parameters.AddWithValue("$minutes", IntervalMinutes);
                mark.Parameters.AddWithValue("$checkpoint", JsonSerializer.Serialize(position, Json));
                mark.Parameters.AddWithValue("$fingerprint", fingerprint);
                mark.ExecuteNonQuery();
            }
            transaction.Commit();
            _fingerprint = fingerprint;
            Volatile.Write(ref _checkpoint, position);
        }
    }

    private void SaveOpenTasks(OpenTaskChanges open)
    {
        using (var upsert = new Sqlite.RawStatement(_connection, "INSERT OR REPLACE INTO open_tasks (task, service_level_counted) VALUES (?1, ?2);"))
        {
            foreach (var mark in open.Marked)
            {
                upsert.Bind(1, mark.Task);
                upsert.Bind(2, mark.ServiceLevelCounted ? 1 : 0);
                upsert.Run();
            }
        }
        using var delete = new Sqlite.RawStatement(_connection, "DELETE FROM open_tasks WHERE task = ?1;");
        foreach (var number in open.Closed)
        {
            delete.Bind(1, number);
            delete.Run();
        }
    }

    /// <summary>
    /// Brings <paramref name="builder"/> (new, empty) to where the store stands, then counts what the
    /// journal holds beyond it, saving every <paramref name="batch"/> records; returns how many records it counted.
    /// <paramref name="beforeEachRead"/> runs before every read of the journal's records, the last of
    /// which finds nothing more.
    /// A store not counted from this journal is emptied first (<see cref="DiscardUnlessOf"/>).
    /// </summary>
    public long CatchUp(IJournal journal, ReportBuilder builder, int batch = 20_000, Action? beforeEachRead = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(builder);
        DiscardUnlessOf(journal);
        var from = LoadCheckpoint();
        builder.Restore(from, task => journal.ReadTaskRecords(task).Select(r => (r.Sequence, r.Events)));
        long counted = 0;
        while (true)
        {
            beforeEachRead?.Invoke();
            var records = journal.ReadRecords(builder.Sequence, batch).ToList();
            if (records.Count == 0) return counted;
            foreach (var record in records) builder.Add(record.Sequence, record.Events);
            Save(builder, journal.Fingerprint(records[^1].Sequence) ?? 0);
            counted += records.Count;
        }
    }

    /// <summary>The rows of one dimension (optionally one id) whose interval starts in [from, to), by start then id.</summary>
    /// <summary>Whether any ended task was counted under the script selector <paramref name="name"/> (one the configuration may not have).</summary>
    public bool Counted(string name)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT EXISTS (SELECT 1 FROM tasks WHERE selector = $name);";
        read.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    public IReadOnlyList<IntervalRow> Intervals(ReportDimension dimension, long from, long to, string? id = null)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = $"""
            SELECT start, id, {string.Join(", ", Counters.Select(Column))} FROM intervals
            WHERE dim = $dim AND start >= $from AND start < $to {(id is null ? "" : "AND id = $id")}
            ORDER BY start, id;
            """;
        read.Parameters.AddWithValue("$dim", (int)dimension);
        read.Parameters.AddWithValue("$from", from);
        read.Parameters.AddWithValue("$to", to);
        if (id is not null) read.Parameters.AddWithValue("$id", id);
        var rows = new List<IntervalRow>();
        var byKey = new Dictionary<(long, string), IntervalCounters>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var counters = new IntervalCounters();
                for (var i = 0; i < Counters.Length; i++) counters[Counters[i]] = reader.GetInt64(2 + i);
                var row = new IntervalRow(reader.GetInt64(0), new ReportKey(dimension, reader.GetString(1)), counters);
                rows.Add(row);
                byKey[(row.Start, row.Key.Id)] = counters;
            }
        }
        if (dimension is not (ReportDimension.Agent or ReportDimension.Mrd)) return rows;
        read.CommandText = $"""
            SELECT start, id, reason, ms FROM not_ready
            WHERE dim = $dim AND start >= $from AND start < $to {(id is null ? "" : "AND id = $id")};
            """;
        using (var reader = read.ExecuteReader())
        {
            // Written with the row's not-ready total, in the same transaction: its row is there.
            while (reader.Read())
                if (byKey.TryGetValue((reader.GetInt64(0), reader.GetString(1)), out var counters)) counters.AddNotReady(reader.GetInt32(2), reader.GetInt64(3));
        }
        return rows;
    }

    /// <summary>Ended tasks matching the filter, oldest end first, a page at a time, and how many match in all.</summary>
    public (IReadOnlyList<TaskDetailRecord> Tasks, long Total) Tasks(TaskDetailFilter filter, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var connection = OpenReader();
        var where = "ended >= $from AND ended < $to";
        if (filter.Key is { } key)
        {
            where += key.Dimension switch
            {
                ReportDimension.Mrd => " AND mrd = $key",
                ReportDimension.Agent => " AND login = $key",
                ReportDimension.ScriptSelector => " AND selector = $key",
                _ => " AND queue = $key",
            };
        }
        if (filter.Outcome is not null) where += " AND outcome = $outcome";
        if (filter.Logins is not null) where += " AND (login = 0 OR login IN (SELECT value FROM json_each($logins)))";
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$from", filter.From);
            command.Parameters.AddWithValue("$to", filter.To);
            if (filter.Key is { } k)
                command.Parameters.AddWithValue("$key", k.Dimension switch
                {
                    ReportDimension.Mrd or ReportDimension.Agent => long.TryParse(k.Id, out var n) ? n : -1,
                    ReportDimension.ScriptSelector => k.Id,
                    _ => QueueKey(k),
                });
            if (filter.Outcome is { } o) command.Parameters.AddWithValue("$outcome", (int)o);
            if (filter.Logins is { } logins) command.Parameters.AddWithValue("$logins", "[" + string.Join(",", logins.Select(l => l.ToString(CultureInfo.InvariantCulture))) + "]");
        }
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM tasks WHERE {where};";
        Bind(count);
        var total = (long)count.ExecuteScalar()!;
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT body FROM tasks WHERE {where} ORDER BY ended, task LIMIT $limit OFFSET $offset;";
        Bind(read);
        read.Parameters.AddWithValue("$limit", limit);
        read.Parameters.AddWithValue("$offset", offset);
        using var reader = read.ExecuteReader();
        var tasks = new List<TaskDetailRecord>();
        while (reader.Read()) tasks.Add(JsonSerializer.Deserialize<TaskDetailRecord>(reader.GetString(0), Json)!);
        return (tasks, total);
    }

    private static string QueueOf(TaskDetailRecord t) =>
        t.PrecisionQueueId != 0 ? QueueKey(ReportKey.PrecisionQueue(t.PrecisionQueueId))
        : t.SkillGroupId != 0 ? QueueKey(ReportKey.SkillGroup(t.SkillGroupId))
        : "";

    private static string QueueKey(ReportKey key) => key.Dimension == ReportDimension.PrecisionQueue ? "pq" + key.Id : "sg" + key.Id;

    private static string Column(Counter counter) => "c_" + counter.ToString().ToLowerInvariant();

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
            _connection.Dispose();
            using var pooled = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }
}
