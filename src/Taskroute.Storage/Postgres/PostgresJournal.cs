using Npgsql;
using NpgsqlTypes;

namespace Taskroute.Storage.Postgres;

/// <summary>
/// The journal in PostgreSQL: each batch is one transaction written with binary COPY, durable when
/// it commits. For deployments that keep their data in a database server.
/// </summary>
public sealed class PostgresJournal : IJournal
{
    private NpgsqlConnection _connection;
    private readonly string _writerConnectionString;
    private readonly string _table;
    private readonly long? _epoch;

    // Reads come from request threads while the writer appends on its own connection.
    private readonly NpgsqlDataSource _readers;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="table">The table's name; tests give each run its own.</param>
    /// <param name="fenced">
    /// Takes the journal over: opening it fences off every earlier writer, whose next append fails
    /// with <see cref="JournalFencedException"/> instead of writing. For writers that may briefly
    /// run twice, as an Orleans grain activated again elsewhere may.
    /// </param>
    /// <param name="exclusive">
    /// The only writer: opening it fails with <see cref="JournalInUseException"/> while another
    /// exclusive writer (another server) has the table open. The lock is PostgreSQL's advisory lock
    /// on the writer's session, let go when the journal is disposed or the process dies.
    /// </param>
    public PostgresJournal(string connectionString, string table = "taskroute_journal", bool fenced = false, bool exclusive = false)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[a-z_][a-z0-9_]{0,50}$"))
            throw new ArgumentException($"'{table}' is not a plain lower-case table name", nameof(table));
        _table = table;
        // Named, so that an operator finds the writer's session in pg_stat_activity.
        _writerConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "taskroute journal writer " + table }.ConnectionString;
        _connection = new NpgsqlConnection(_writerConnectionString);
        _readers = NpgsqlDataSource.Create(connectionString);
        _connection.Open();
        if (exclusive)
        {
            if (!TakeLock())
            {
                _connection.Dispose();
                _readers.Dispose();
                throw InUse();
            }
            _exclusive = true;
        }
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
            """);
        if (fenced)
        {
            // A cluster's domain reads its last day's idempotency keys at each activation. Built
            // without blocking the writes of an activation still at work elsewhere, once; a
            // journal written before it has it built on its first activation after the upgrade.
            Execute($"CREATE INDEX CONCURRENTLY IF NOT EXISTS {_table}_keyed ON {_table} (time) WHERE idempotency_key IS NOT NULL;");
            // A new epoch, taken before reading where the journal ends: an earlier writer's append
            // either committed before this (and is read below) or finds its epoch gone and fails.
            Execute($"CREATE TABLE IF NOT EXISTS {_table}_lease (one INTEGER PRIMARY KEY CHECK (one = 1), epoch BIGINT NOT NULL);");
            using var take = new NpgsqlCommand(
                $"INSERT INTO {_table}_lease (one, epoch) VALUES (1, 1) ON CONFLICT (one) DO UPDATE SET epoch = {_table}_lease.epoch + 1 RETURNING epoch;", _connection);
            _epoch = (long)take.ExecuteScalar()!;
        }
        using var last = new NpgsqlCommand($"SELECT COALESCE(MAX(seq), 0) FROM {_table};", _connection);
        LastSequence = (long)last.ExecuteScalar()!;
    }

    public long LastSequence { get; private set; }

    /// <summary>This writer's epoch when fenced; null otherwise.</summary>
    public long? Epoch => _epoch;

    public long Append(IReadOnlyList<JournalEntry> entries) =>
        // Synchronous all the way down: the task is complete when it returns.
        AppendCore(entries, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Append"/> without holding a thread while PostgreSQL commits: for writers that share
    /// a thread pool, such as grains, many of which may be committing at once.
    /// </summary>
    public Task<long> AppendAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        AppendCore(entries, async: true, cancellationToken);

    /// <summary>How long a writer whose connection was lost tries to get a new one before it gives up.</summary>
    public TimeSpan ReconnectFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Told when the writer's connection is lost and when it is back (an operator wants both in the
    /// log: a failover that went unnoticed is one nobody checks on).
    /// </summary>
    public Action<string>? Note { get; init; }

    /// <summary>Why the journal cannot be written just now (its connection is being made again); null when it can.</summary>
    public string? Unavailable => _reconnecting;

    private volatile string? _reconnecting;

    // A restarted or failed-over PostgreSQL, or an idle session ended by the server, breaks the
    // writer's connection: the batch is written again on a new one, unless it was committed before
    // the answer was lost, which the journal's last sequence tells.
    private async Task<long> AppendCore(IReadOnlyList<JournalEntry> entries, bool async, CancellationToken ct)
    {
        if (entries.Count == 0) return LastSequence;
        var giveUpAt = Environment.TickCount64 + (long)ReconnectFor.TotalMilliseconds;
        var pause = 100;
        long lostAt = 0;
        while (true)
        {
            try
            {
                if (_connection.State != System.Data.ConnectionState.Open) await Reconnect(async, ct);
                var written = await AppendOnce(entries, async, ct);
                if (lostAt != 0) Back(lostAt, entries.Count, "was written on the new one");
                return written;
            }
            catch (NpgsqlException ex) when (Lost(ex) && Environment.TickCount64 < giveUpAt)
            {
                if (lostAt == 0)
                {
                    lostAt = Environment.TickCount64;
                    Note?.Invoke($"the PostgreSQL journal's connection was lost ({ex.Message}); connecting again for up to {ReconnectFor.TotalSeconds:N0} s, requests wait");
                }
                _reconnecting = $"the PostgreSQL journal's connection was lost ({ex.Message}); connecting again";
                if (async) await Task.Delay(pause, ct);
                else Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 2_000);
                try
                {
                    await Reconnect(async, ct);
                }
                catch (NpgsqlException again) when (Lost(again))
                {
                    continue;
                }
                if (await Committed(entries.Count, async, ct) is { } committed)
                {
                    Back(lostAt, entries.Count, "had been committed before it was lost");
                    return committed;
                }
            }
            finally
            {
                if (_connection.State == System.Data.ConnectionState.Open) _reconnecting = null;
            }
        }
    }

    private void Back(long lostAt, int records, string batch) =>
        Note?.Invoke($"the PostgreSQL journal's connection is back after {Environment.TickCount64 - lostAt:N0} ms; the batch of {records} records {batch}");

    private bool Lost(NpgsqlException ex) =>
        _connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || _connection.State != System.Data.ConnectionState.Open || ex.IsTransient;

    private async Task Reconnect(bool async, CancellationToken ct)
    {
        await _connection.DisposeAsync();
        _connection = new NpgsqlConnection(_writerConnectionString);
        if (async) await _connection.OpenAsync(ct);
        else _connection.Open();
        // The lost session's lock went with it: another server may have taken the journal meanwhile.
        if (_exclusive && !TakeLock()) throw InUse();
    }

    // After a lost connection: the batch's last sequence if it was committed after all, null if the
    // journal still ends where it did (write it again); anything else means another writer wrote.
    private async Task<long?> Committed(int count, bool async, CancellationToken ct)
    {
        await using var last = new NpgsqlCommand($"SELECT COALESCE(MAX(seq), 0) FROM {_table};", _connection);
        var end = (long)(async ? await last.ExecuteScalarAsync(ct) : last.ExecuteScalar())!;
        if (end == LastSequence) return null;
        if (end == LastSequence + count)
        {
            LastSequence = end;
            return end;
        }
        throw new JournalInUseException($"the PostgreSQL journal {_table} was written by another writer while this one's connection was lost (it ends at {end}, this writer at {LastSequence})");
    }

    private bool TakeLock()
    {
        using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext(@table));", _connection);
        take.Parameters.AddWithValue("table", "taskroute:" + _table);
        return take.ExecuteScalar() is true;
    }

    private JournalInUseException InUse() =>
        new($"the PostgreSQL journal {_table} is being written by another Taskroute server; stop it, or give this one another database");

    // One body for both: each call below is Npgsql's synchronous or asynchronous form.
    private async Task<long> AppendOnce(IReadOnlyList<JournalEntry> entries, bool async, CancellationToken ct)
    {
        var sequence = LastSequence;
        var tasks = new List<(int Task, long Sequence)>();

        await using var transaction = async ? await _connection.BeginTransactionAsync(ct) : _connection.BeginTransaction();
        if (_epoch is { } epoch)
        {
            // Holds the lease row until the commit, so a new writer's takeover waits for this batch or fences it.
            await using var check = new NpgsqlCommand($"UPDATE {_table}_lease SET epoch = epoch WHERE one = 1 AND epoch = $1;", _connection, transaction);
            check.Parameters.AddWithValue(epoch);
            if ((async ? await check.ExecuteNonQueryAsync(ct) : check.ExecuteNonQuery()) != 1)
            {
                if (async) await transaction.RollbackAsync(ct);
                else transaction.Rollback();
                throw new JournalFencedException($"the journal {_table} was taken over by a newer writer (this one holds epoch {epoch})");
            }
        }
        var copySql = $"COPY {_table} (seq, time, events, command, idempotency_key) FROM STDIN (FORMAT BINARY)";
        await using (var copy = async ? await _connection.BeginBinaryImportAsync(copySql, ct) : _connection.BeginBinaryImport(copySql))
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var row = new JournalRow(++sequence, entries[i]);
                if (async)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(row.Time, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(row.Events, NpgsqlDbType.Bytea, ct);
                    if (row.Command is not { } command) await copy.WriteNullAsync(ct);
                    else await copy.WriteAsync(command, NpgsqlDbType.Text, ct);
                    if (row.IdempotencyKey is null) await copy.WriteNullAsync(ct);
                    else await copy.WriteAsync(row.IdempotencyKey, NpgsqlDbType.Text, ct);
                }
                else
                {
                    copy.StartRow();
                    copy.Write(row.Sequence, NpgsqlDbType.Bigint);
                    copy.Write(row.Time, NpgsqlDbType.Bigint);
                    copy.Write(row.Events, NpgsqlDbType.Bytea);
                    if (row.Command is not { } command) copy.WriteNull();
                    else copy.Write(command, NpgsqlDbType.Text);
                    if (row.IdempotencyKey is null) copy.WriteNull();
                    else copy.Write(row.IdempotencyKey, NpgsqlDbType.Text);
                }
                foreach (var task in entries[i].Tasks()) tasks.Add((task, sequence));
            }
            if (async) await copy.CompleteAsync(ct);
            else copy.Complete();
        }
        var tasksSql = $"COPY {_table}_tasks (task, seq) FROM STDIN (FORMAT BINARY)";
        await using (var copy = async ? await _connection.BeginBinaryImportAsync(tasksSql, ct) : _connection.BeginBinaryImport(tasksSql))
        {
            foreach (var (task, seq) in tasks)
            {
                if (async)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(task, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(seq, NpgsqlDbType.Bigint, ct);
                }
                else
                {
                    copy.StartRow();
                    copy.Write(task, NpgsqlDbType.Integer);
                    copy.Write(seq, NpgsqlDbType.Bigint);
                }
            }
            if (async) await copy.CompleteAsync(ct);
            else copy.Complete();
        }
        if (async) await transaction.CommitAsync(ct);
        else transaction.Commit();
        LastSequence = sequence;
        return sequence;
    }

    public IEnumerable<JournaledCommand> ReadCommands(long afterSequence = 0)
    {
        using var read = new NpgsqlCommand($"SELECT seq, command, idempotency_key FROM {_table} WHERE seq > @after AND command IS NOT NULL ORDER BY seq;", _connection);
        read.Parameters.AddWithValue("after", afterSequence);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return new JournaledCommand(reader.GetInt64(0), CommandCodec.DecodeRecord(reader.GetString(1), reader.GetInt64(0), "table " + _table), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>
    /// The commands journaled with an idempotency key at or after <paramref name="sinceTime"/> (Unix
    /// ms), in order: what a new activation needs to answer retries, whatever snapshot it restored.
    /// Quick on a fenced journal, which has an index for it.
    /// </summary>
    public IEnumerable<JournaledCommand> ReadKeyedCommands(long sinceTime)
    {
        using var read = new NpgsqlCommand($"SELECT seq, command, idempotency_key FROM {_table} WHERE idempotency_key IS NOT NULL AND time >= @since AND command IS NOT NULL ORDER BY seq;", _connection);
        read.Parameters.AddWithValue("since", sinceTime);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return new JournaledCommand(reader.GetInt64(0), CommandCodec.DecodeRecord(reader.GetString(1), reader.GetInt64(0), "table " + _table), reader.GetString(2));
    }

    public IEnumerable<(long Sequence, string Line)> ReadEvents(long afterSequence = 0, int limit = int.MaxValue) =>
        ReadRecords(afterSequence, limit).SelectMany(JournalRow.Lines);

    public IEnumerable<(long Sequence, string Line)> ReadTask(int task) => ReadTaskRecords(task).SelectMany(JournalRow.Lines);

    public IEnumerable<JournaledRecord> ReadRecords(long afterSequence = 0, int limit = int.MaxValue)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT seq, time, events, command FROM {_table} WHERE seq > @after ORDER BY seq LIMIT @limit;", connection);
        read.Parameters.AddWithValue("after", afterSequence);
        read.Parameters.AddWithValue("limit", (long)limit);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return JournalRow.Decode(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3), "table " + _table);
    }

    public IEnumerable<JournaledRecord> ReadTaskRecords(int task)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT j.seq, j.time, j.events, j.command FROM {_table}_tasks t JOIN {_table} j ON j.seq = t.seq WHERE t.task = @task ORDER BY j.seq;", connection);
        read.Parameters.AddWithValue("task", task);
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return JournalRow.Decode(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetString(3), "table " + _table);
    }

    public long? Fingerprint(long sequence)
    {
        using var connection = _readers.OpenConnection();
        using var read = new NpgsqlCommand($"SELECT time, events FROM {_table} WHERE seq = @seq;", connection);
        read.Parameters.AddWithValue("seq", sequence);
        using var reader = read.ExecuteReader();
        return reader.Read() ? JournalFingerprint.Of(reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    public void Dispose()
    {
        _readers.Dispose();
        if (_exclusive && _connection.State == System.Data.ConnectionState.Open)
        {
            // A pooled connection outlives the journal: its session's lock is let go of by hand.
            try
            {
                using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext(@table));", _connection);
                release.Parameters.AddWithValue("table", "taskroute:" + _table);
                release.ExecuteScalar();
            }
            catch (NpgsqlException)
            {
                // The connection is broken, and its session, lock and all, gone with it.
            }
        }
        _connection.Dispose();
    }

    private readonly bool _exclusive;

    /// <summary>Whether the journal's server answers now: a quick query on a reader's connection.</summary>
    public string? Probe()
    {
        // After the server restarted, the pool's idle connections are dead: the first try finds that
        // out, the pool is emptied, and a second try says whether the server answers now.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = _readers.OpenConnection();
                using var ping = new NpgsqlCommand("SELECT 1;", connection) { CommandTimeout = 2 };
                ping.ExecuteScalar();
                return Unavailable;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                _readers.Clear();
                if (attempt > 0) return $"the PostgreSQL journal does not answer: {ex.Message}";
            }
        }
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }
}
