using System.Text;
using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>A journal record flattened into the values the adapters write.</summary>
internal readonly struct JournalRow
{
    public JournalRow(long sequence, JournalEntry entry)
    {
        Sequence = sequence;
        Time = entry.Time;
        var lines = new StringBuilder(entry.Events.Length * 160);
        foreach (var e in entry.Events) lines.Append(FlowEventFormatter.Format(e)).Append('\n');
        Events = lines.ToString();
        Command = entry.Command is null ? null : CommandCodec.Encode(entry.Command);
        IdempotencyKey = entry.IdempotencyKey;
    }

    public long Sequence { get; }
    public long Time { get; }

    /// <summary>The events' canonical lines, one per line.</summary>
    public string Events { get; }
    public string? Command { get; }
    public string? IdempotencyKey { get; }

    public static IEnumerable<(long Sequence, string Line)> Split(long sequence, string events)
    {
        foreach (var line in events.Split('\n', StringSplitOptions.RemoveEmptyEntries)) yield return (sequence, line);
    }
}
