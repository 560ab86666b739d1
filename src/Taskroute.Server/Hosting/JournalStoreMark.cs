using Npgsql;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Which store held the journal the last time a server started on the data directory
/// (<c>journal-store</c>: <c>sqlite</c>, or <c>postgres</c> with the server and database, never the
/// password). A PostgreSQL journal leaves nothing else of itself in the directory, so a start that
/// forgot <c>--storage postgres</c> would make an empty <c>journal.db</c> and serve none of the
/// acknowledged tasks, with only a note that the trace index and the reports are rebuilt.
/// </summary>
public static class JournalStoreMark
{
    public const string FileName = "journal-store";

    /// <summary>
    /// Refuses a SQLite start (<see cref="SqliteJournalNotReadException"/>) whose <c>journal.db</c>
    /// holds no records in a directory last served from PostgreSQL.
    /// </summary>
    public static void CheckSqliteStart(string dataDirectory)
    {
        if (Read(dataDirectory) is not { } last || !last.StartsWith("postgres", StringComparison.Ordinal)) return;
        var journal = Path.Combine(dataDirectory, "journal.db");
        if (File.Exists(journal) && Storage.Sqlite.SqliteJournal.CountRecords(journal) > 0) return;
        var where = last.Length > "postgres".Length ? $" ({last["postgres".Length..].Trim()})" : "";
        throw new SqliteJournalNotReadException(
            $"the data directory {dataDirectory} was last served with its journal in PostgreSQL{where}, and its SQLite journal, journal.db, holds no records: " +
            "this start would serve none of the PostgreSQL journal's tasks and sign every agent out, and there is no migration between the two stores. " +
            $"To go on with it, start with --storage postgres --connection \"...\" as before; to start an empty SQLite journal on purpose, delete {Path.Combine(dataDirectory, FileName)} first");
    }

    /// <summary>Notes the store this start's journal is in, once it opened.</summary>
    public static void Remember(string dataDirectory, string storage, string? connection)
    {
        var mark = storage == "postgres" ? $"postgres {Where(connection)}".TrimEnd() : "sqlite";
        if (Read(dataDirectory) == mark) return;
        var path = Path.Combine(dataDirectory, FileName);
        File.WriteAllText(path + ".tmp", mark + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    // The server and database, for the refusal to name: never the password or other settings.
    private static string Where(string? connection)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            return $"Host={builder.Host};Port={builder.Port};Database={builder.Database}";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }
}
