using Microsoft.Data.Sqlite;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Hosting;

/// <summary>
/// With <c>--storage postgres</c>, a <c>journal.db</c> in the data directory is never read, and no
/// tool moves its records into PostgreSQL. A switch of storage over a directory whose SQLite journal
/// holds records would start empty and say only that the trace index and the reports are rebuilt.
/// </summary>
internal static class SqliteJournalBeside
{
    /// <summary>
    /// Refuses the start (<see cref="SqliteJournalNotReadException"/>) when the PostgreSQL journal,
    /// ending at <paramref name="postgresLast"/>, is empty and <c>journal.db</c> holds records; tells
    /// <paramref name="warn"/> when both hold records.
    /// </summary>
    public static void Check(string dataDirectory, long postgresLast, Action<string> warn)
    {
        var path = Path.Combine(dataDirectory, "journal.db");
        if (!File.Exists(path)) return;
        string held;
        try
        {
            var records = SqliteJournal.CountRecords(path);
            if (records == 0) return;
            held = $"{records:N0} {(records == 1 ? "record" : "records")}";
        }
        catch (SqliteException ex)
        {
            // Unreadable, it may still hold what was acknowledged: said as such, not passed over.
            held = $"records that could not be counted ({ex.Message.TrimEnd('.')})";
        }
        if (postgresLast == 0)
            throw new SqliteJournalNotReadException(
                $"the data directory {dataDirectory} holds a SQLite journal, journal.db, with {held}, and the PostgreSQL journal is empty: --storage postgres does not read journal.db, " +
                "and there is no migration between the two stores, so this start would serve none of its tasks and sign every agent out. " +
                "To go on with it, start with the SQLite store as before (--storage sqlite, the default); to start PostgreSQL empty on purpose, " +
                "move journal.db (and journal.db-wal and journal.db-shm, if there) out of the data directory first");
        warn($"The data directory {dataDirectory} holds a SQLite journal, journal.db, with {held}, which this server does not read: its journal is the PostgreSQL one (--storage postgres), " +
            "and there is no migration between the two stores. Move journal.db out of the data directory once you no longer need it");
    }
}
