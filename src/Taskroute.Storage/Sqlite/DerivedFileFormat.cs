using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Taskroute.Storage.Sqlite;

/// <summary>
/// The layout number of a SQLite file derived from the journal (the trace index, the reports),
/// kept in SQLite's <c>user_version</c>. A file of another layout is emptied, to be rebuilt from the
/// journal as if it had been deleted: derived files are never migrated.
/// </summary>
internal static class DerivedFileFormat
{
    public static void EmptyUnless(SqliteConnection connection, int format, params string[] tables)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        if (Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) == format) return;
        command.CommandText = string.Concat(tables.Select(t => $"DROP TABLE IF EXISTS {t};")) + $"PRAGMA user_version = {format};";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs the statements that empty a derived file in one transaction: rows left behind without
    /// the mark that says how far they go would be counted again, or never emptied.
    /// </summary>
    public static void Empty(SqliteConnection connection, string statements)
    {
        using var transaction = connection.BeginTransaction();
        using var empty = connection.CreateCommand();
        empty.Transaction = transaction;
        empty.CommandText = statements;
        empty.ExecuteNonQuery();
        transaction.Commit();
    }
}
