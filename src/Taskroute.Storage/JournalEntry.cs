using Taskroute.Core.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>
/// One record of the journal: a command (or a tick) and every flow event it caused, written
/// together. Recovery replays the commands; traces read the events. Keeping a command's events in
/// one record, not one row each, is what makes durable submits cheap.
/// </summary>
public sealed record JournalEntry(long Time, Command? Command, string? IdempotencyKey, FlowEvent[] Events)
{
    private byte[]? _encodedEvents;
    private byte[]? _encodedCommand;

    /// <summary>
    /// Encodes the record now, on the calling thread, so the journal's writer only writes: the
    /// server encodes on its loop while the writer is busy with the previous batch's fsync.
    /// </summary>
    public JournalEntry Encode()
    {
        _encodedEvents ??= FlowEventCodec.Encode(Events, Time);
        if (Command is not null) _encodedCommand ??= CommandCodec.EncodeUtf8(Command);
        return this;
    }

    internal byte[] EncodedEvents => _encodedEvents ??= FlowEventCodec.Encode(Events, Time);

    /// <summary>The command's JSON in UTF-8, or null for a record without one.</summary>
    internal byte[]? EncodedCommand => Command is null ? null : _encodedCommand ??= CommandCodec.EncodeUtf8(Command);

    /// <summary>The record's <see cref="JournalFingerprint"/>, as the journal will give it once written.</summary>
    public long Fingerprint() => JournalFingerprint.Of(Time, EncodedEvents);

    /// <summary>The distinct task numbers the events concern, for finding a task's records.</summary>
    public IEnumerable<int> Tasks()
    {
        var tasks = new List<int>(2);
        Tasks(tasks);
        return tasks;
    }

    /// <summary>Fills <paramref name="into"/> (emptied first) with the distinct task numbers the events concern.</summary>
    // A record concerns one task or two (a transfer): a scan of the list beats a set, and the writer reuses the list.
    public void Tasks(List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        foreach (ref readonly var e in Events.AsSpan())
            if (e.Task != 0 && !into.Contains(e.Task)) into.Add(e.Task);
    }
}
