using Npgsql;

namespace Taskroute.Storage.Postgres;

/// <summary>
/// The configurations a journal in PostgreSQL ran under, by hash, in a table beside it
/// (<c>&lt;journal&gt;_configurations</c>), and which one its first record ran under. A journal
/// replays right only under the configurations it was written under: whichever process takes it
/// over finds them here, not in its own configuration file.
/// </summary>
/// <remarks>
/// Bodies are text the caller writes and reads; a row may have an empty body when the process that
/// kept it could not write one (a later one that can fills it in).
/// </remarks>
public sealed class PostgresConfigurationArchive : IDisposable
{
    // PostgreSQL's unique_violation: another process marked the journal's first configuration at the same moment.
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _source;
    private readonly string _table;

    public PostgresConfigurationArchive(string connectionString, string journalTable)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(journalTable, "^[a-z_][a-z0-9_]{0,50}$"))
            throw new ArgumentException($"'{journalTable}' is not a plain lower-case table name", nameof(journalTable));
        _table = journalTable + "_configurations";
        _source = NpgsqlDataSource.Create(connectionString);
        try
        {
            Create();
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    private void Create()
    {
        using var create = _source.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS {_table} (
                hash TEXT PRIMARY KEY,
                body TEXT NOT NULL,
                starts_journal BOOLEAN NOT NULL DEFAULT FALSE
            );
            CREATE UNIQUE INDEX IF NOT EXISTS {_table}_start ON {_table} (starts_journal) WHERE starts_journal;
            """);
        create.ExecuteNonQuery();
    }

    /// <summary>The table the configurations are kept in.</summary>
    public string Table => _table;

    /// <summary>Keeps <paramref name="body"/> under <paramref name="hash"/>, unless a body is kept there already.</summary>
    public void Keep(string hash, string body)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(body);
        using var keep = _source.CreateCommand(
            $"INSERT INTO {_table} (hash, body) VALUES (@hash, @body) ON CONFLICT (hash) DO UPDATE SET body = EXCLUDED.body WHERE {_table}.body = '' AND EXCLUDED.body <> '';");
        keep.Parameters.AddWithValue("hash", hash.ToUpperInvariant());
        keep.Parameters.AddWithValue("body", body);
        keep.ExecuteNonQuery();
    }

    /// <summary>The body kept under <paramref name="hash"/>; null when none is.</summary>
    public string? Find(string hash)
    {
        using var find = _source.CreateCommand($"SELECT body FROM {_table} WHERE hash = @hash;");
        find.Parameters.AddWithValue("hash", hash.ToUpperInvariant());
        return find.ExecuteScalar() is string { Length: > 0 } body ? body : null;
    }

    /// <summary>The hashes of every configuration kept.</summary>
    public IReadOnlyList<string> Hashes()
    {
        using var all = _source.CreateCommand($"SELECT hash FROM {_table} ORDER BY hash;");
        using var reader = all.ExecuteReader();
        var hashes = new List<string>();
        while (reader.Read()) hashes.Add(reader.GetString(0));
        return hashes;
    }

    /// <summary>The hash of the configuration the journal's first record ran under; null when none is marked.</summary>
    public string? Start()
    {
        using var start = _source.CreateCommand($"SELECT hash FROM {_table} WHERE starts_journal;");
        return start.ExecuteScalar() as string;
    }

    /// <summary>
    /// Marks the kept <paramref name="hash"/> as the journal's first configuration unless one is
    /// marked already; answers the one marked.
    /// </summary>
    public string MarkStart(string hash)
    {
        try
        {
            using var mark = _source.CreateCommand(
                $"UPDATE {_table} SET starts_journal = TRUE WHERE hash = @hash AND NOT EXISTS (SELECT 1 FROM {_table} WHERE starts_journal);");
            mark.Parameters.AddWithValue("hash", hash.ToUpperInvariant());
            mark.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            // The other process's mark stands.
        }
        return Start() ?? throw new InvalidOperationException($"configuration {hash} is not kept in {_table}: keep it before marking it");
    }

    public void Dispose() => _source.Dispose();
}
