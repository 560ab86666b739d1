using Microsoft.Data.Sqlite;

namespace Taskroute.Storage.Sqlite;

/// <summary>
/// Opens a SQLite file derived from the journal (the trace index, the reports). One that is not a
/// database or is damaged holds nothing the journal does not: it is moved aside, named for when, and
/// a new one is built from the journal, rather than stopping the server over a file it can rebuild.
/// </summary>
public static class DerivedFile
{
    /// <param name="path">The file.</param>
    /// <param name="open">Opens the store on the file.</param>
    /// <param name="note">Told, in words, that the file was damaged and where it was moved.</param>
    public static T Open<T>(string path, Func<string, T> open, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        try
        {
            return open(path);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11) // SQLITE_NOTADB, SQLITE_CORRUPT
        {
            // A pooled connection would still reach the damaged file once it is renamed.
            SqliteConnection.ClearAllPools();
            var aside = $"{path}.damaged-{DateTime.UtcNow:yyyyMMddTHHmmssZ}";
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(path + suffix)) File.Move(path + suffix, aside + suffix, overwrite: true);
            note?.Invoke($"{path} could not be read ({ex.Message.TrimEnd('.')}): moved aside to {aside}, and built again from the journal");
            return open(path);
        }
    }
}
