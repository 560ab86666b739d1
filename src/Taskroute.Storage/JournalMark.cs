namespace Taskroute.Storage;

/// <summary>
/// How far a store derived from the journal (the trace index, the reports) has read it: the last
/// record it holds and that record's <see cref="JournalFingerprint"/>. Kept with what the store
/// derived, it ties the store to the journal it was built from, at the cost of reading one record.
/// </summary>
public readonly record struct JournalMark(long Sequence, long Fingerprint)
{
    /// <summary>
    /// Why a store at this mark was not built from <paramref name="journal"/>, or null when it was
    /// (or holds nothing): the journal ends before the mark (restored from a backup, or another
    /// journal), or its record at the mark is another record (another journal, or one restored and
    /// written on since).
    /// </summary>
    public string? Misfit(IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (Sequence <= 0) return null;
        var last = journal.LastSequence;
        if (Sequence > last) return $"it holds journal records up to {Sequence}, past the journal's last, {last}";
        return journal.Fingerprint(Sequence) == Fingerprint ? null : $"its journal record {Sequence} is not the journal's record {Sequence}";
    }
}
