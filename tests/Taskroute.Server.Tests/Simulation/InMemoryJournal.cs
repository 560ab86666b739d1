using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Storage;

namespace Taskroute.Server.Tests.Simulation;

/// <summary>
/// A journal in memory that stores what the real adapters store (events in their binary form,
/// commands as their JSON), so a restart replays exactly what a restart from disk would.
/// </summary>
internal sealed class InMemoryJournal : IJournal
{
    private readonly List<(long Time, byte[] Events, string? Command, string? Key)> _records = [];
    private readonly Lock _gate = new();

    public long LastSequence
    {
        get
        {
            lock (_gate) return _records.Count;
        }
    }

    public long Append(IReadOnlyList<JournalEntry> entries)
    {
        lock (_gate)
        {
            foreach (var e in entries)
                _records.Add((e.Time, FlowEventCodec.Encode(e.Events, e.Time), e.Command is null ? null : CommandCodec.Encode(e.Command), e.IdempotencyKey));
            return _records.Count;
        }
    }

    public IEnumerable<JournaledCommand> ReadCommands(long afterSequence = 0)
    {
        List<(long, string, string?)> commands;
        lock (_gate) commands = [.. _records.Select((r, i) => ((long)i + 1, r.Command, r.Key)).Where(c => c.Item1 > afterSequence && c.Command is not null).Select(c => (c.Item1, c.Command!, c.Key))];
        foreach (var (seq, command, key) in commands) yield return new JournaledCommand(seq, CommandCodec.Decode(command), key);
    }

    public IEnumerable<JournaledRecord> ReadRecords(long afterSequence = 0, int limit = int.MaxValue)
    {
        List<JournaledRecord> records;
        lock (_gate) records = [.. _records.Skip((int)afterSequence).Take(limit).Select((r, i) => Decode(afterSequence + i + 1, r))];
        return records;
    }

    public IEnumerable<(long Sequence, string Line)> ReadEvents(long afterSequence = 0, int limit = int.MaxValue) =>
        ReadRecords(afterSequence, limit).SelectMany(r => r.Events.Select(e => (r.Sequence, FlowEventFormatter.Format(e))));

    public IEnumerable<(long Sequence, string Line)> ReadTask(int task) =>
        ReadTaskRecords(task).SelectMany(r => r.Events.Select(e => (r.Sequence, FlowEventFormatter.Format(e))));

    public IEnumerable<JournaledRecord> ReadTaskRecords(int task) => ReadRecords().Where(r => r.Events.Any(e => e.Task == task));

    /// <summary>Every event journaled so far, in order.</summary>
    public IEnumerable<FlowEvent> Events() => ReadRecords().SelectMany(r => r.Events);

    private static JournaledRecord Decode(long sequence, (long Time, byte[] Events, string? Command, string? Key) r) =>
        new(sequence, r.Time, FlowEventCodec.Decode(r.Events, r.Time, r.Command is null ? null : (CommandCodec.Decode(r.Command) as SubmitTask)?.Data));

    public long? Fingerprint(long sequence)
    {
        lock (_gate) return sequence >= 1 && sequence <= _records.Count ? JournalFingerprint.Of(_records[(int)sequence - 1].Time, _records[(int)sequence - 1].Events) : null;
    }

    public void Dispose()
    {
    }
}
