namespace Taskroute.Storage;

/// <summary>
/// The journal holds a record that cannot be read: damage to the file, not a write cut short by a
/// crash (that one is dropped). A start refuses it, saying where and what to do.
/// </summary>
public sealed class JournalDamagedException(string message, Exception? cause = null) : Exception(message, cause)
{
    /// <summary>Whether <paramref name="error"/> is what decoding a damaged record throws.</summary>
    public static bool IsDecodeFailure(Exception error) =>
        error is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException;

    /// <summary>Record <paramref name="sequence"/> of the journal at <paramref name="journal"/> (its file, or its table) could not be decoded.</summary>
    public static JournalDamagedException OfRecord(string journal, long sequence, Exception cause) => new(
        $"the journal {journal} is damaged: record {sequence} cannot be read ({cause.Message.Split('\n')[0].TrimEnd('.')}). " +
        "Restore the data directory from a backup (docs/operations.md, Backup and restore)", cause);
}
