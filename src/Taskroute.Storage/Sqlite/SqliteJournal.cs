using Microsoft.Data.Sqlite;

namespace Taskroute.Storage.Sqlite;

/// <summary>
/// The journal in a SQLite file, in WAL mode with synchronous=FULL: a batch is durable when its
/// transaction commits, one fsync for the whole batch. A transaction cut short by a crash is rolled
/// back by SQLite on the next open, so a torn final write is dropped, never fatal.
/// </summary>
public sealed class SqliteJournal : IJournal
{
    private readonly SqliteConnection _connection;
    private readonly RawStatement _insert;
    private readonly RawStatement _index;
    // Reused for each record's task numbers: the writer appends thousands of records a second.
    private readonly List<int> _tasks = [];
    private readonly string _directory;
    private readonly string _path;

    /// <summary>Below this much free space on the journal's disk a write may fail: readiness says so first.</summary>
    public const long LowSpaceBytes = 16L << 20;

    public string? Probe()
    {
        // Without the path: readiness answers anyone; the refused write's error (logged) names it.
        if (Gone() is { } gone) return gone + " " + GoneReason;
        if (NotWritable() is { } refused) return refused;
        try
        {
            var free = new DriveInfo(_directory).AvailableFreeSpace;
            return free < LowSpaceBytes ? $"the journal's disk has {free / 1024:N0} KB free ({_directory})" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <param name="path">The database file; its write-ahead log lies beside it.</param>
    /// <param name="commitsPerWriterCheckpoint">How often the writer finishes a checkpoint itself so that the log starts over (0: never).</param>
    public SqliteJournal(string path, int commitsPerWriterCheckpoint = 1000)
    {
        _commitsPerWriterCheckpoint = commitsPerWriterCheckpoint;
        _path = Path.GetFullPath(path);
        _directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(_directory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var mode = _connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode=WAL;";
            // A file system SQLite cannot share memory on keeps its rollback journal: there is no log to watch then.
            var wal = string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase);
            // SQLite follows a symbolic link and keeps the log beside the file it names.
            var target = new FileInfo(_path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _path;
            _walPath = wal ? target + "-wal" : null;
        }
        Execute("PRAGMA synchronous=FULL;");
        // Commits only append to the write-ahead log; copying it into the database (a checkpoint, with
        // its own fsyncs) happens on a background connection, off the path of every acknowledgement.
        Execute("PRAGMA wal_autocheckpoint=0;");
        // Once the log has been copied into the database the writer starts it over from its first
        // byte; this keeps the file from staying at its largest size after a burst.
        Execute($"PRAGMA journal_size_limit={WalBytesLimit};");
        Execute("""
            CREATE TABLE IF NOT EXISTS journal (
                seq INTEGER PRIMARY KEY,
                time INTEGER NOT NULL,
                events BLOB NOT NULL,
                command TEXT,
                idempotency_key TEXT
            );
            CREATE TABLE IF NOT EXISTS journal_tasks (
                task INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (task, seq)
            ) WITHOUT ROWID;
            """);
        using (var last = _connection.CreateCommand())
        {
            last.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM journal;";
            LastSequence = (long)last.ExecuteScalar()!;
        }

        _insert = new RawStatement(_connection, "INSERT INTO journal (seq, time, events, command, idempotency_key) VALUES (?1, ?2, ?3, ?4, ?5);");
        _index = new RawStatement(_connection, "INSERT OR IGNORE INTO journal_tasks (task, seq) VALUES (?1, ?2);");

        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _checkpointConnection = new SqliteConnection(_connection.ConnectionString);
        _checkpointConnection.Open();
        _checkpoints = new Timer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
    }

    // Traces and other reads come from request threads while the writer appends: each read takes a
    // pooled connection of its own (WAL lets readers and the writer work at once).
    private readonly string _readConnectionString;

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private readonly SqliteConnection _checkpointConnection;
    private readonly Timer _checkpoints;
    private readonly Lock _checkpointLock = new();
    private bool _disposed;

    // A passive checkpoint beside a writer that never pauses copies the log but can never let the
    // writer start it over: by the time the copy ends the writer has appended more, so under a
    // steady load the log file would grow by every page ever committed. Every so many commits the
    // writer finishes the copy itself between two batches; the background checkpoint has done most
    // of it, nothing new arrives meanwhile, and the next commit starts the log over.
    private const long WalBytesLimit = 64L * 1024 * 1024;
    private readonly int _commitsPerWriterCheckpoint;
    private int _commitsSinceWriterCheckpoint;

    /// <summary>A passive checkpoint never blocks the writer; whatever it cannot copy now waits for the next one.</summary>
    private void Checkpoint()
    {
        lock (_checkpointLock)
        {
            if (_disposed) return;
            try
            {
                PassiveCheckpoint(_checkpointConnection);
            }
            catch (SqliteException)
            {
                // Busy or locked: the next tick tries again.
            }
        }
    }

    private static void PassiveCheckpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        command.ExecuteNonQuery();
    }

    private void RestartLogNowAndThen()
    {
        if (_commitsPerWriterCheckpoint <= 0 || ++_commitsSinceWriterCheckpoint < _commitsPerWriterCheckpoint) return;
        _commitsSinceWriterCheckpoint = 0;
        try
        {
            PassiveCheckpoint(_connection);
        }
        catch (SqliteException)
        {
            // Busy: the background checkpoint is at work; the next round tries again.
        }
    }

    public long LastSequence { get; private set; }

    /// <summary>
    /// How many records the journal file at <paramref name="path"/> holds, read without writing to
    /// it (no table made, no log replayed into it): 0 for a file that holds no journal. For a server
    /// whose journal is elsewhere, to say what it would pass over.
    /// </summary>
    public static long CountRecords(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal';";
        if ((long)count.ExecuteScalar()! == 0) return 0;
        count.CommandText = "SELECT count(*) FROM journal;";
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>
    /// Commits a write that changes nothing, so that a journal this process cannot write (files
    /// left owned by another user, an immutable or read-only file system) is refused at the start:
    /// SQLite opens such a file for reading without a word, and the first submit would fail.
    /// </summary>
    public void CheckWritable()
    {
        using var version = _connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt64(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Execute($"PRAGMA user_version={current};");
        }
        catch (SqliteException ex)
        {
            throw new UnauthorizedAccessException($"the journal {_path} cannot be written by this process ({ex.Message.TrimEnd('.')}): its files (journal.db, journal.db-wal, journal.db-shm) must belong to the user that runs the server, on a writable file system", ex);
        }
    }

    // What the kernel says of writing the journal's files now, without opening them (a descriptor
    // opened and closed beside SQLite's would drop its locks): permissions changed, the file system
    // remounted read-only. Null where it cannot be asked.
    private string? NotWritable()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        foreach (var file in _walPath is null ? [_path] : new[] { _path, _walPath })
        {
            try
            {
                if (File.Exists(file) && WriteAccess.Refused(file) is { } why) return $"the journal's {(file == _path ? "file" : "write-ahead log")} cannot be written ({why})";
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }
        }
        return null;
    }

    private const string GoneReason = "is gone (was the data directory or a journal file removed?): what is written now would be lost";

    // Once a write went through, the write-ahead log holds the commits not yet copied into the
    // journal file: removed, it takes the next ones into an unlinked file, lost at the stop.
    private bool _committed;
    private readonly string? _walPath;

    private string? Gone() =>
        !File.Exists(_path) ? "the journal file"
        : _committed && _walPath is not null && !File.Exists(_walPath) ? "the journal's write-ahead log"
        : null;

    public long Append(IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return LastSequence;
        var sequence = LastSequence;
        using var transaction = _connection.BeginTransaction();
        for (var i = 0; i < entries.Count; i++)
        {
            var row = new JournalRow(++sequence, entries[i]);
            _insert.Bind(1, row.Sequence);
            _insert.Bind(2, row.Time);
            _insert.Bind(3, row.Events);
            _insert.BindText(4, row.CommandUtf8);
            _insert.Bind(5, row.IdempotencyKey);
            _insert.Run();
            entries[i].Tasks(_tasks);
            foreach (var task in _tasks)
            {
                _index.Bind(1, task);
                _index.Bind(2, sequence);
                _index.Run();
            }
        }
        transaction.Commit();
        // A journal whose file was removed (its data directory deleted, say) still takes writes
        // into the open file, and every one of them is lost when the server stops: none is
        // acknowledged. One stat a batch.
        _committed = true;
        if (Gone() is { } gone) throw new IOException($"{gone} ({_path}) {GoneReason}");
        LastSequence = sequence;
        RestartLogNowAndThen();
        return sequence;
    }

    public IEnumerable<JournaledCommand> ReadCommands(long afterSequence = 0)
    {
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT seq, command, idempotency_key FROM journal WHERE seq > $after AND command IS NOT NULL ORDER BY seq;";
        read.Parameters.AddWithValue("$after", afterSequence);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return new JournaledCommand(reader.GetInt64(0), CommandCodec.DecodeRecord(reader.GetString(1), reader.GetInt64(0), _path), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    public IEnumerable<(long Sequence, string Line)> ReadEvents(long afterSequence = 0, int limit = int.MaxValue) =>
        ReadRecords(afterSequence, limit).SelectMany(JournalRow.Lines);

    public IEnumerable<(long Sequence, string Line)> ReadTask(int task) => ReadTaskRecords(task).SelectMany(JournalRow.Lines);

    public IEnumerable<JournaledRecord> ReadRecords(long afterSequence = 0, int limit = int.MaxValue)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT seq, time, events, command FROM journal WHERE seq > $after ORDER BY seq LIMIT $limit;";
        read.Parameters.AddWithValue("$after", afterSequence);
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return JournalRow.Decode(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3), _path);
    }

    public IEnumerable<JournaledRecord> ReadTaskRecords(int task)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT j.seq, j.time, j.events, j.command FROM journal_tasks t JOIN journal j ON j.seq = t.seq WHERE t.task = $task ORDER BY j.seq;";
        read.Parameters.AddWithValue("$task", task);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return JournalRow.Decode(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3), _path);
    }

    public long? Fingerprint(long sequence)
    {
        using var connection = OpenReader();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT time, events FROM journal WHERE seq = $seq;";
        read.Parameters.AddWithValue("$seq", sequence);
        using var reader = read.ExecuteReader();
        return reader.Read() ? JournalFingerprint.Of(reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    public void Dispose()
    {
        lock (_checkpointLock) _disposed = true;
        _checkpoints.Dispose();
        _checkpointConnection.Dispose();
        _insert.Dispose();
        _index.Dispose();
        _connection.Dispose();
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
