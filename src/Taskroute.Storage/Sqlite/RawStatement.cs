using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Taskroute.Storage.Sqlite;

/// <summary>
/// A prepared statement run straight on SQLite, for the rows written by the thousand: the journal's,
/// the trace index's and the reports'. Microsoft.Data.Sqlite's commands allocate a binder per
/// parameter, a reader and a statement enumerator on each execution and box every number: under a
/// submit load that was a sixth of the server's allocations. Here a row binds into the statement and
/// steps it, allocating nothing. It runs inside whatever transaction the connection has open, as a
/// command of that connection would.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Binds parameter <paramref name="index"/> (from 1, in the order the SQL names them).</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, ReadOnlySpan<byte> blob) => Check(raw.sqlite3_bind_blob(_statement, index, blob));

    /// <summary>Binds text, or NULL for null.</summary>
    public void Bind(int index, string? text) =>
        Check(text is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, text));

    /// <summary>Binds text already in UTF-8, or NULL for null.</summary>
    public void BindText(int index, byte[]? utf8) =>
        Check(utf8 is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Runs the statement with the values bound, then makes it ready for the next row.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        // Reset even after a failure, so that the statement does not keep the transaction's locks.
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
