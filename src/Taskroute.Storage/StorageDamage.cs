using Microsoft.Data.Sqlite;

namespace Taskroute.Storage;

/// <summary>
/// Recognises a database that is damaged (a file overwritten, a disk going bad) in what reading or
/// writing it threw, as against one that is busy, full or out of reach: damage is not mended by
/// trying again, and says how to find the file and what to do with it.
/// </summary>
public static class StorageDamage
{
    /// <summary>What the damage is, in one sentence saying what to do; null when <paramref name="error"/> is not damage.</summary>
    public static string? Of(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case JournalDamagedException damaged:
                    return damaged.Message;
                // SQLITE_CORRUPT, SQLITE_NOTADB
                case SqliteException { SqliteErrorCode: 11 or 26 } sqlite:
                    return $"a database of the data directory is damaged ({sqlite.Message.TrimEnd('.')}): with the server stopped, find which with sqlite3 FILE 'PRAGMA quick_check' on journal.db, trace-index.db and reports.db; "
                        + "the trace index and the reports are built again from the journal once deleted, the journal is restored from a backup with the rest of the data directory (docs/operations.md, Backup and restore)";
                // data_corrupted, index_corrupted
                case Npgsql.PostgresException { SqlState: "XX001" or "XX002" } postgres:
                    return $"the PostgreSQL journal is damaged ({postgres.MessageText}): restore it from a backup (docs/operations.md, Backup and restore)";
            }
        }
        return null;
    }
}
