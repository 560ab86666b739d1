using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>A journal record flattened into the values the adapters write.</summary>
internal readonly struct JournalRow
{
    public JournalRow(long sequence, JournalEntry entry)
    {
        Sequence = sequence;
        Time = entry.Time;
        Events = entry.EncodedEvents;
        CommandUtf8 = entry.EncodedCommand;
        IdempotencyKey = entry.IdempotencyKey;
    }

    public long Sequence { get; }
    public long Time { get; }

    /// <summary>The events, in <see cref="FlowEventCodec"/>'s binary form.</summary>
    public byte[] Events { get; }
    /// <summary>The command's JSON in UTF-8, as SQLite takes it.</summary>
    public byte[]? CommandUtf8 { get; }

    /// <summary>The command's JSON as text, for adapters that take a string: decoded on each read, so read it once.</summary>
    public string? Command => CommandUtf8 is null ? null : System.Text.Encoding.UTF8.GetString(CommandUtf8);
    public string? IdempotencyKey { get; }

    /// <summary>The record's events as canonical lines, with the command's task data on the events that carried it.</summary>
    public static IEnumerable<(long Sequence, string Line)> Lines(JournaledRecord record) =>
        record.Events.Select(e => (record.Sequence, FlowEventFormatter.Format(e)));

    /// <summary>The record's events decoded, with the command's task data on the event that carried it; <paramref name="journal"/> names where the journal is when the record cannot be read.</summary>
    public static JournaledRecord Decode(long sequence, long time, byte[] events, string? command, string journal = "")
    {
        try
        {
            // Only a submission's record needs its command decoded: the others' events carry no task data.
            var data = command is not null && command.Contains("\"submit\"", StringComparison.Ordinal)
                ? (CommandCodec.Decode(command) as Taskroute.Core.Commands.SubmitTask)?.Data
                : null;
            return new JournaledRecord(sequence, time, FlowEventCodec.Decode(events, time, data));
        }
        catch (UnknownEventException ex)
        {
            throw new JournalTooNewException(sequence, ex.What, ex);
        }
        catch (Exception ex) when (JournalDamagedException.IsDecodeFailure(ex))
        {
            throw JournalDamagedException.OfRecord(journal, sequence, ex);
        }
    }
}
