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
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _parameters;

    public SqliteJournal(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS journal (
                seq INTEGER PRIMARY KEY,
                time INTEGER NOT NULL,
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
            CREATE INDEX IF NOT EXISTS journal_commands ON journal(seq) WHERE command IS NOT NULL;
            CREATE INDEX IF NOT EXISTS journal_task ON journal(task) WHERE task IS NOT NULL;
            CREATE INDEX IF NOT EXISTS journal_contact ON journal(contact) WHERE contact IS NOT NULL;
            """);

        using (var last = _connection.CreateCommand())
        {
            last.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM journal;";
            LastSequence = (long)last.ExecuteScalar()!;
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO journal ({JournalSchema.Columns}) VALUES ($seq, $time, $message, $sender, $receiver, $task, $contact, $dialogue, $task_id, $agent, $mrd, $skill_group, $line, $command, $idempotency_key);";
        string[] names = ["$seq", "$time", "$message", "$sender", "$receiver", "$task", "$contact", "$dialogue", "$task_id", "$agent", "$mrd", "$skill_group", "$line", "$command", "$idempotency_key"];
        _parameters = names.Select(name => _insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        _insert.Prepare();
    }

    public long LastSequence { get; private set; }

    public long Append(IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) return LastSequence;
        var sequence = LastSequence;
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        for (var i = 0; i < entries.Count; i++)
        {
            var row = new JournalRow(++sequence, entries[i]);
            _parameters[0].Value = row.Sequence;
            _parameters[1].Value = row.Time;
            _parameters[2].Value = row.Message;
            _parameters[3].Value = row.Sender;
            _parameters[4].Value = row.Receiver;
            _parameters[5].Value = (object?)row.Task ?? DBNull.Value;
            _parameters[6].Value = (object?)row.Contact ?? DBNull.Value;
            _parameters[7].Value = (object?)row.Dialogue ?? DBNull.Value;
            _parameters[8].Value = (object?)row.TaskId ?? DBNull.Value;
            _parameters[9].Value = (object?)row.Agent ?? DBNull.Value;
            _parameters[10].Value = (object?)row.Mrd ?? DBNull.Value;
            _parameters[11].Value = (object?)row.SkillGroup ?? DBNull.Value;
            _parameters[12].Value = row.Line;
            _parameters[13].Value = (object?)row.Command ?? DBNull.Value;
            _parameters[14].Value = (object?)row.IdempotencyKey ?? DBNull.Value;
            _insert.ExecuteNonQuery();
        }
        transaction.Commit();
        LastSequence = sequence;
        return sequence;
    }

    public IEnumerable<JournaledCommand> ReadCommands()
    {
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT seq, command, idempotency_key FROM journal WHERE command IS NOT NULL ORDER BY seq;";
        using var reader = read.ExecuteReader();
        while (reader.Read())
            yield return new JournaledCommand(reader.GetInt64(0), CommandCodec.Decode(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    public IEnumerable<(long Sequence, string Line)> ReadEvents(long afterSequence = 0, int limit = int.MaxValue)
    {
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT seq, line FROM journal WHERE seq > $after ORDER BY seq LIMIT $limit;";
        read.Parameters.AddWithValue("$after", afterSequence);
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        while (reader.Read()) yield return (reader.GetInt64(0), reader.GetString(1));
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
