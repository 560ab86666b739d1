using System.Globalization;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Storage;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Recovery replays the journal's commands under the configuration the server starts with. Under
/// another one they may route differently: a limit lowered, a queue's steps changed, and tasks
/// handled an hour ago come back queued, with task ids handed out again. So a data directory keeps
/// the hash of the configuration its journal was last started with; a start with another one first
/// replays the whole journal under the new one and compares every record's events with the
/// journaled ones. A change that alters none (an agent added, a name fixed) applies from then on; one
/// that alters any is refused, naming the first record it would change.
/// </summary>
public static partial class ConfigurationChangeCheck
{
    /// <summary>The file, in the data directory, that holds the hash of the configuration the journal was last started with.</summary>
    public const string FileName = "configuration.sha256";

    /// <exception cref="ConfigurationChangedException">The journal does not replay the same under <paramref name="configuration"/>.</exception>
    public static void Run(string dataDirectory, RoutingConfiguration configuration, EngineOptions engineOptions, IJournal journal, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var path = Path.Combine(dataDirectory, FileName);
        var engine = new RoutingEngine(configuration, engineOptions);
        var hash = engine.ConfigurationHash();
        var kept = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        if (string.Equals(kept, hash, StringComparison.OrdinalIgnoreCase)) return;
        if (journal.LastSequence > 0)
        {
            LogChecking(logger, journal.LastSequence, kept is null ? "no record of the configuration it was started with" : "another configuration than the last start's");
            if (FirstDifference(engine, journal) is { } difference)
                throw new ConfigurationChangedException(
                    $"the configuration is not the one this data directory's journal was written under, and replaying the journal under it would change what already happened: {difference}. " +
                    "Start with the configuration the journal was written under; a configuration that routes differently starts on a new data directory (--data), while this one's traces and reports stay readable with --data");
            LogAccepted(logger, journal.LastSequence);
        }
        var written = path + ".tmp";
        File.WriteAllText(written, hash + "\n");
        File.Move(written, path, overwrite: true);
    }

    // The first record whose events differ under the engine's configuration, in words; null when none does.
    private static string? FirstDifference(RoutingEngine engine, IJournal journal)
    {
        using var records = journal.ReadRecords().GetEnumerator();
        foreach (var journaled in journal.ReadCommands())
        {
            JournaledRecord? record = null;
            while (records.MoveNext())
            {
                if (records.Current.Sequence == journaled.Sequence)
                {
                    record = records.Current;
                    break;
                }
            }
            if (record is null) return $"journal record {journaled.Sequence} could not be read back with its events";
            var result = engine.Execute(journaled.Command);
            var replayed = engine.Events;
            if (Encoded(replayed, record.Time).AsSpan().SequenceEqual(Encoded(record.Events, record.Time))) continue;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(record.Time).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var what = journaled.Command.GetType().Name;
            if (!result.Succeeded) return $"journal record {journaled.Sequence} ({what} at {at}) would be refused ({result.Status}: {result.Detail})";
            var index = 0;
            while (index < replayed.Length && index < record.Events.Length
                && Encoded(replayed.Slice(index, 1), record.Time).AsSpan().SequenceEqual(Encoded(record.Events.AsSpan(index, 1), record.Time))) index++;
            return $"journal record {journaled.Sequence} ({what} at {at}) journaled {Describe(record.Events, index)} as its event {index + 1}, and would now give {Describe(replayed.ToArray(), index)}";
        }
        return null;
    }

    // The events as the journal encodes them, without the submitted task data: it comes from the
    // command itself, whatever the configuration, and a journal read back attaches it to one event only.
    private static byte[] Encoded(ReadOnlySpan<FlowEvent> events, long time)
    {
        var bare = new FlowEvent[events.Length];
        for (var i = 0; i < events.Length; i++) bare[i] = events[i] with { Data = null };
        return FlowEventCodec.Encode(bare, time);
    }

    // The event's canonical line, as the trace and the journal's readers show it: the differing field is in it.
    private static string Describe(FlowEvent[] events, int index) =>
        index >= events.Length ? "no event" : $"'{FlowEventFormatter.Format(events[index])}'";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal ({Records} records) has {Why}: checking that it replays the same under this one before starting")]
    private static partial void LogChecking(ILogger logger, long records, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "The journal's {Records} records replay the same under this configuration: it applies from now on")]
    private static partial void LogAccepted(ILogger logger, long records);
}
