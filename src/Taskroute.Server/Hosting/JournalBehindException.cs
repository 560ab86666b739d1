using Taskroute.Storage;
using Taskroute.Storage.Snapshots;

namespace Taskroute.Server.Hosting;

/// <summary>
/// The journal ends before a snapshot the server took of it: records it acknowledged are missing
/// (the journal's file removed, emptied or damaged, or restored from an older copy while its
/// snapshots were kept). Starting would serve without them, so the server refuses; the message says
/// how to start on purpose from a restored copy.
/// </summary>
public sealed class JournalBehindException(string message) : Exception(message)
{
    /// <summary>Throws when the newest of <paramref name="held"/> covers records <paramref name="journal"/> does not have.</summary>
    public static void ThrowIfBehind(IReadOnlyList<StoredSnapshot> held, IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ThrowIfBehind(held, journal.LastSequence);
    }

    /// <summary>Throws when the newest of <paramref name="held"/> covers records past <paramref name="last"/>, the journal's last (0 for none).</summary>
    public static void ThrowIfBehind(IReadOnlyList<StoredSnapshot> held, long last)
    {
        ArgumentNullException.ThrowIfNull(held);
        // The journal lost records the server acknowledged, or a copy restored from a backup was put
        // beside the snapshots the procedure says to delete: which, only the operator knows.
        if (held.Where(s => s.Sequence > last).MaxBy(s => s.Sequence) is { } ahead)
            throw new JournalBehindException(
                $"the journal ends at record {last}, before the snapshot {ahead.Source} of record {ahead.Sequence}: records the server acknowledged are not in it " +
                "(its file removed, emptied or damaged, or a copy restored from an older backup). Put the journal back; to start from a restored copy on purpose, delete the snapshots first " +
                "(docs/operations.md, Backup and restore)");
    }
}
