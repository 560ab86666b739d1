using System.Globalization;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Storage;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Recovery replays the journal's commands, so it must replay them under the configuration they
/// ran under: under another one they may route differently (a limit lowered, a queue's steps
/// changed), and tasks handled an hour ago would come back queued, with task ids handed out again.
/// A data directory keeps the hash of the configuration its journal starts under
/// (<c>configuration.sha256</c>) and every configuration it ran under (<see cref="ConfigurationArchive"/>);
/// the journal records each change (<see cref="Core.Commands.ChangeConfiguration"/>). A start with
/// another configuration replays under the kept ones, then changes to it from that moment.
/// <para>
/// A journal written before configurations were kept (an earlier version) has only the hash: a
/// start with another configuration first replays the whole journal under it and compares every
/// record's events with the journaled ones. A change that alters none (an agent added) is taken; one
/// that alters any is refused, naming the first record it would change.
/// </para>
/// </summary>
public static partial class ConfigurationChangeCheck
{
    /// <summary>The file, in the data directory, that holds the hash of the configuration the journal starts under.</summary>
    public const string FileName = "configuration.sha256";

    /// <summary>
    /// Answers the configuration the journal's replay starts under, keeping it in <paramref name="archive"/>.
    /// <paramref name="configuration"/> is kept only once it is the journal's (the host keeps a change
    /// once it has taken over the open work): a refused start leaves nothing behind.
    /// </summary>
    /// <exception cref="ConfigurationChangedException">The journal's own configuration is not kept and the journal does not replay the same under <paramref name="configuration"/>.</exception>
    public static RoutingConfiguration Run(string dataDirectory, RoutingConfiguration configuration, EngineOptions engineOptions, IJournal journal, ConfigurationArchive archive, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(archive);
        var path = Path.Combine(dataDirectory, FileName);
        var hash = RoutingEngine.ConfigurationHashOf(configuration);
        var kept = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        if (string.Equals(kept, hash, StringComparison.OrdinalIgnoreCase))
        {
            archive.Keep(configuration);
            return configuration;
        }
        if (journal.LastSequence > 0)
        {
            if (kept is not null && archive.Find(kept) is { } first) return first;
            // A hash file left empty by a crash of the first start (written, not yet on disk): the
            // journal starts under one of the configurations kept, the one it replays the same under.
            if (string.IsNullOrEmpty(kept) && File.Exists(path))
                foreach (var candidate in archive.All())
                    if (FirstDifference(new RoutingEngine(candidate, engineOptions), journal) is null)
                    {
                        LogFoundAgain(logger, RoutingEngine.ConfigurationHashOf(candidate));
                        WriteHash(path, RoutingEngine.ConfigurationHashOf(candidate));
                        return candidate;
                    }
            LogChecking(logger, journal.LastSequence, kept is null ? "no record of the configuration it was started with" : "another configuration than the last start's, which this data directory does not keep");
            if (FirstDifference(new RoutingEngine(configuration, engineOptions), journal) is { } difference)
                throw new ConfigurationChangedException(
                    $"the configuration this data directory's journal was written under is not kept in it (an earlier version wrote it, or {ConfigurationArchive.FolderName}/ was removed), and replaying the journal under this one would change what already happened: {difference}. " +
                    "Start once with the configuration the journal was written under, which keeps it; a start with this one then applies it from that moment");
            LogAccepted(logger, journal.LastSequence);
        }
        archive.Keep(configuration);
        WriteHash(path, hash);
        return configuration;
    }

    // On disk before it takes the old one's place: a crash then leaves one or the other, never an empty file.
    private static void WriteHash(string path, string hash)
    {
        var written = path + ".tmp";
        using (var file = new FileStream(written, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(hash + "\n"));
            file.Flush(flushToDisk: true);
        }
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
            // A journal from before QUEUE_TARGET_ADDED, AGENT_PENDING_STATE_EVENT and the interrupt
            // advisories lacks what the router, desktop and peripheral say now; one from after has
            // them. Both sides are compared without them: they follow from the rest, never route.
            var replayed = WithoutLaterMessages(engine.Events);
            var journaledEvents = WithoutLaterMessages(record.Events);
            if (Encoded(replayed, record.Time).AsSpan().SequenceEqual(Encoded(journaledEvents, record.Time))) continue;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(record.Time).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var what = journaled.Command.GetType().Name;
            if (!result.Succeeded) return $"journal record {journaled.Sequence} ({what} at {at}) would be refused ({result.Status}: {result.Detail})";
            var index = 0;
            while (index < replayed.Length && index < journaledEvents.Length
                && Encoded(replayed.Slice(index, 1), record.Time).AsSpan().SequenceEqual(Encoded(journaledEvents.Slice(index, 1), record.Time))) index++;
            return $"journal record {journaled.Sequence} ({what} at {at}) journaled {Describe(journaledEvents.ToArray(), index)} as its event {index + 1}, and would now give {Describe(replayed.ToArray(), index)}";
        }
        return null;
    }

    private static ReadOnlySpan<FlowEvent> WithoutLaterMessages(ReadOnlySpan<FlowEvent> events)
    {
        // Most records have none: they are compared as they are, with nothing copied.
        var any = false;
        foreach (ref readonly var e in events) any |= IsLater(e.Message);
        if (!any) return events;
        var kept = new List<FlowEvent>(events.Length);
        foreach (ref readonly var e in events)
            if (!IsLater(e.Message)) kept.Add(e);
        return kept.ToArray();
    }

    private static bool IsLater(MessageType message) => message is MessageType.QUEUE_TARGET_ADDED or MessageType.AGENT_PENDING_STATE_EVENT
        or MessageType.AGENT_INTERRUPT_ADVISORY_EVENT or MessageType.AGENT_INTERRUPT_DONE_ADVISORY_EVENT;

    // The events as the journal encodes them, without the submitted task data: it comes from the
    // command itself, whatever the configuration, and a journal read back attaches it to one event only.
    // Nor the routable flag of a going ready: journals from before it was carried say false for a ready
    // that made the agent routable; it too comes from the command.
    private static byte[] Encoded(ReadOnlySpan<FlowEvent> events, long time)
    {
        var bare = new FlowEvent[events.Length];
        for (var i = 0; i < events.Length; i++)
            bare[i] = events[i] with { Data = null, Routable = events[i].Message != MessageType.MAKE_AGENT_READY_IND && events[i].Routable };
        return FlowEventCodec.Encode(bare, time);
    }

    // The event's canonical line, as the trace and the journal's readers show it: the differing field is in it.
    private static string Describe(FlowEvent[] events, int index) =>
        index >= events.Length ? "no event" : $"'{FlowEventFormatter.Format(events[index])}'";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal ({Records} records) has {Why}: checking that it replays the same under this one before starting")]
    private static partial void LogChecking(ILogger logger, long records, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data directory's configuration.sha256 was empty; the journal replays the same under the kept configuration {Hash}, taken as the one it starts under")]
    private static partial void LogFoundAgain(ILogger logger, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "The journal's {Records} records replay the same under this configuration: it is taken as the journal's own")]
    private static partial void LogAccepted(ILogger logger, long records);
}
