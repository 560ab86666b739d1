using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads the TechNote's seven component logs (Cisco's, or Taskroute's own) and tells each task's
/// story across them: <c>taskroute analyze</c>'s library.
/// </summary>
public static class LogAnalyzer
{
    // The hot methods here and in the parsers, the correlator and the flow builder are compiled
    // fully optimized at once ([MethodImpl(AggressiveOptimization)]): a run is over in seconds,
    // too soon for tiered compilation to replace their first, unoptimized code while both cores parse.
    private const long ProgressStep = 4 << 20;
    private const long DayMs = 86_400_000;

    /// <summary>Analyses the files, folders and archives at <paramref name="paths"/> (see <see cref="LogSources.Open"/>).</summary>
    public static AnalysisReport Analyze(IEnumerable<string> paths, AnalyzerOptions? options = null, IProgress<long>? bytesRead = null) =>
        Analyze(LogSources.Open(paths), options, bytesRead);

    /// <summary>
    /// Reads every source (several at once, each streamed line by line), aligns the clocks,
    /// links the events into tasks and reads each task's flow. Lines it cannot use are counted,
    /// never fatal. <paramref name="bytesRead"/> hears the total of bytes read so far now and then.
    /// </summary>
    public static AnalysisReport Analyze(IEnumerable<LogSource> sources, AnalyzerOptions? options = null, IProgress<long>? bytesRead = null)
    {
        var streamed = AnalyzeStreamed(sources, options, bytesRead);
        var tasks = new TaskFlow[streamed.TaskCount];
        var n = 0;
        foreach (var t in streamed.Tasks) tasks[n++] = t;
        return streamed.Report with { Tasks = tasks, Elapsed = streamed.Elapsed };
    }

    /// <summary>Analyses the files, folders and archives at <paramref name="paths"/>, handing the tasks out one at a time (see <see cref="StreamedAnalysis"/>).</summary>
    public static StreamedAnalysis AnalyzeStreamed(IEnumerable<string> paths, AnalyzerOptions? options = null, IProgress<long>? bytesRead = null) =>
        AnalyzeStreamed(LogSources.Open(paths), options, bytesRead);

    /// <summary>
    /// As <see cref="Analyze(IEnumerable{LogSource}, AnalyzerOptions?, IProgress{long}?)"/>, but each task's flow is built
    /// only as it is handed out, and let go of with its events once it has been: the caller decides what to keep.
    /// </summary>
    public static StreamedAnalysis AnalyzeStreamed(IEnumerable<LogSource> sources, AnalyzerOptions? options = null, IProgress<long>? bytesRead = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new AnalyzerOptions();
        var clock = Stopwatch.StartNew();
        var list = sources.ToList();
        var results = new SourceResult[list.Count];
        long total = 0, reported = 0;
        void OnBytes(long n)
        {
            var now = Interlocked.Add(ref total, n);
            var last = Interlocked.Read(ref reported);
            if (bytesRead is not null && now - last >= ProgressStep && Interlocked.CompareExchange(ref reported, now, last) == last) bytesRead.Report(now);
        }
        LargestFirst.For(list.Count, i => list[i].Length ?? 0, options.Parallelism, i => results[i] = Read(list[i], options, OnBytes));
        bytesRead?.Report(total);

        var notes = new List<string>();
        var perSource = results.Select(r => r.Events).ToList();
        DateMissingIcmLines(results, options, notes);
        var (offset, guessed) = Align(results, perSource, options, notes);

        WeakIdCheck.DropUnconfirmed(perSource, options.Parallelism);
        var stats = results.Select(r => r.Stats with { Events = r.Events.Count }).ToArray();
        // From here on the events are held only by the time-ordered list (Sorted lets go of the
        // sources' own lists), then only by their tasks, each let go of once its flow has been handed out.
        var all = Sorted(perSource, options.Parallelism);

        var correlator = new Correlator();
        var groups = correlator.Group(all, options.Parallelism);
        all.Clear();
        all.TrimExcess();
        var chosen = new List<List<LogEvent>?>(groups.Count);
        foreach (var g in groups)
            if (options.TaskFilter is not { } filter || Matches(g, filter)) chosen.Add(g);
        groups.Clear();
        foreach (var r in results.Where(r => r.Stats.Problem is not null))
            notes.Add($"{r.Stats.Name}: could not be read to the end: {r.Stats.Problem}");
        foreach (var r in results.Where(r => r.Stats.Component == LogComponent.Unknown && r.Stats.LinesRead > 0))
            notes.Add($"{r.Stats.Name}: not recognised as any of the seven logs; its {r.Stats.LinesRead} lines were skipped.");
        if (options.TaskFilter is not null && chosen.Count == 0) notes.Add($"No task has the id '{options.TaskFilter}'.");

        var report = new AnalysisReport
        {
            Tasks = [],
            Sources = stats,
            Notes = notes,
            IcmOffset = offset,
            IcmOffsetGuessed = guessed,
            UnattachedEvents = correlator.Unattached,
            BytesRead = total,
            Elapsed = clock.Elapsed,
        };
        return new StreamedAnalysis(report, [.. chosen], options, clock);
    }

    // All events in one list, in EventOrder's order: by time, then by place in the flow, then by where
    // they were read. Each source's events are keyed and sorted on their own (in parallel), then the
    // sources are merged; the keys are computed once rather than compared event by event.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<LogEvent> Sorted(List<List<LogEvent>> perSource, int parallelism)
    {
        var starts = new int[perSource.Count + 1];
        for (var s = 0; s < perSource.Count; s++) starts[s + 1] = starts[s] + perSource[s].Count;
        var count = starts[^1];
        var all = new LogEvent[count];
        var keys = new EventKey[count];
        // A merge needs room for half its range: each thread sorting a source has its own, as large
        // as the largest source needs, and the merge of the sources one of half of all.
        var largest = perSource.Count == 0 ? 0 : perSource.Max(l => l.Count);
        var spares = new ConcurrentBag<EventKey[]>();
        LargestFirst.For(perSource, parallelism, s =>
        {
            Key(perSource[s], starts[s], all, keys);
            perSource[s].Clear();
            perSource[s].TrimExcess();
            var own = spares.TryTake(out var free) ? free : new EventKey[(largest + 1) / 2];
            EventKeys.Sort(keys, own, starts[s], starts[s + 1]);
            spares.Add(own);
        });
        spares.Clear();
        EventKeys.MergeRuns(keys, new EventKey[(count + 1) / 2], starts, 0, perSource.Count);
        var sorted = new List<LogEvent>(count);
        foreach (var k in keys) sorted.Add(all[k.Index]);
        return sorted;
    }

    // Routes and ranks one source's events and writes their keys, from keys[start].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Key(List<LogEvent> events, int start, LogEvent[] all, EventKey[] keys)
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = start;
        foreach (var e in events)
        {
            e.Order = n;
            MessageRoutes.Route(e, types);
            e.Rank = EventOrder.Rank(e);
            all[n] = e;
            keys[n] = new EventKey(e.Time, e.Rank, n);
            n++;
        }
    }

    private sealed record SourceResult(List<LogEvent> Events, SourceStats Stats, (long Line, string Text)? UnreadHeader = null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SourceResult Read(LogSource source, AnalyzerOptions options, Action<long> onBytes)
    {
        LogParser parser = source.Component switch
        {
            LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime => new CiscoLogParser(source),
            LogComponent.WebServices => new FinesseParser(source),
            LogComponent.CtiSvr or LogComponent.Pim or LogComponent.Rtr => new IcmParser(source, options.Date),
            _ => new NullParser(source),
        };
        string? problem = source.Problem;
        long bytes = 0;
        if (problem is null)
        {
            try
            {
                using var stream = source.OpenRead();
                RawStore store = source.FilePath is { } path ? new FileRawStore(path) : new ArenaRawStore();
                parser.KeepLinesIn(store);
                bytes = ReadLines(stream, source.OpenRead, parser, onBytes, options.ReadBlock);
                store.Contacts.Done();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
            {
                // A damaged archive or a file that went away: what was read so far still counts.
                problem = e.Message;
            }
        }
        parser.End();
        return new SourceResult(parser.Events, new SourceStats
        {
            Name = source.Name,
            Component = source.Component,
            Bytes = bytes,
            LinesRead = parser.Read,
            LinesUsed = parser.Used,
            LinesSkipped = parser.Skipped,
            Date = parser.Date,
            DateFrom = parser.DateFrom,
            Problem = problem,
        }, (parser as IcmParser)?.UnreadHeader);
    }

    // Lines are split as bytes and decoded one at a time into one reused buffer: nothing is kept
    // of a line the parser does not turn into an event.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ReadLines(Stream stream, Func<Stream> reopen, LogParser parser, Action<long> onBytes, int block)
    {
        var reader = new ByteLineReader(stream, onBytes, block);
        var chars = new char[ByteLineReader.MaxLine];
        while (reader.TryRead(out var line))
        {
            if (reader.LineNumber == 1 && reader.Head.Length >= 2 && (reader.Head[0] == 0xFF && reader.Head[1] == 0xFE ||
                reader.Head[0] == 0xFE && reader.Head[1] == 0xFF || reader.Head[1] == 0 && Utf16.IsBomlessLittleEndian(reader.Head)))
                return ReadUtf16(stream, reopen, parser, onBytes, reader.Head[1] == 0 ? Encoding.Unicode : null);
            var n = Encoding.UTF8.GetChars(line, chars);
            parser.Feed(chars.AsSpan(0, n), reader.LineNumber, reader.Buffer, reader.LineStart, line.Length, reader.LineOffset);
        }
        return reader.BytesRead;
    }

    // A log saved as UTF-16 (a byte order mark says so; PowerShell's "dumplog > file" does it; without
    // one, a zero in every other byte of its start) is rare enough to read the slow way, from its
    // start again: a file is rewound, an archive's entry (which cannot be) is opened afresh.
    private static long ReadUtf16(Stream stream, Func<Stream> reopen, LogParser parser, Action<long> onBytes, Encoding? bomless)
    {
        using var fresh = stream.CanSeek ? null : reopen();
        if (fresh is null) stream.Position = 0;
        using var counted = new CountingStream(fresh ?? stream, onBytes);
        using var reader = new LineReader(counted, bomless);
        parser.KeepLinesIn(null);
        while (reader.TryRead(out var line)) parser.Feed(line, reader.LineNumber);
        return counted.BytesRead;
    }

    // ICM lines with no date of their own take the day on which CCP and Finesse logged the same ids,
    // else the day of the CCP and Finesse lines nearest them in time of day (see UndatedIcm).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DateMissingIcmLines(SourceResult[] results, AnalyzerOptions options, List<string> notes)
    {
        // Only ICM lines lack a date (and an offset) of their own: other sources need no looking through.
        foreach (var r in results)
            if (r.UnreadHeader is var (line, text))
                notes.Add($"{r.Stats.Name}: line {line}, '{text}', looks like a dumplog 'Events from' date header but was not understood; " +
                    (r.Stats.DateFrom is { } from ? $"the date was taken from the {from}." : "its lines were dated as if there were none."));
        var undated = Enumerable.Range(0, results.Length).Where(i => IsIcm(results[i].Stats.Component) && results[i].Events.Any(e => e.Undated)).ToList();
        if (undated.Count == 0) return;
        var stamped = UndatedIcm.Stamped.Of(results.Select(r => r.Events), options.IcmOffset);
        if (stamped.IsEmpty)
        {
            foreach (var group in undated.GroupBy(i => results[i].UnreadHeader is null))
                notes.Add($"No date for the ICM lines of {Names(group)} ({(group.Key ? "no 'Events from' header" : "an 'Events from' line not understood")}, none in the file name): give --date; their times of day are shown on 1970-01-01.");
            return;
        }
        var days = new List<(int Source, UndatedIcm.Day Day)>();
        foreach (var i in undated)
        {
            var day = UndatedIcm.Find(results[i].Events, stamped, options.IcmOffset);
            days.Add((i, day));
            var dayMs = day.Number * DayMs;
            foreach (var e in results[i].Events)
                if (e.Undated) e.LocalMs += dayMs;
            results[i] = results[i] with { Stats = results[i].Stats with { Date = UndatedIcm.Date(day.Number), DateFrom = day.Ids > 0 ? "ids in other logs" : "other logs" } };
        }
        var span = stamped.FirstDay == stamped.LastDay ? "" : $" (they span {stamped.FirstDay:yyyy-MM-dd} to {stamped.LastDay:yyyy-MM-dd})";
        foreach (var group in days.GroupBy(d => (d.Day.Number, ByIds: d.Day.Ids > 0)))
        {
            var date = UndatedIcm.Date(group.Key.Number);
            var ids = group.Sum(d => d.Day.Ids);
            notes.Add($"The ICM lines of {Names(group.Select(d => d.Source))} have no date of their own: taken as {date:yyyy-MM-dd}, " +
                (group.Key.ByIds
                    ? $"the day on which the CCP and Finesse lines name the same ids ({ids} {(ids == 1 ? "id" : "ids")}){span}"
                    : span.Length == 0 ? "the date of the CCP and Finesse lines" : $"the day of the CCP and Finesse lines nearest them in time of day{span}; no id appears on both sides") +
                "; give --date to set it.");
        }

        string Names(IEnumerable<int> sources) => string.Join(", ", sources.Select(i => results[i].Stats.Name));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (TimeSpan Offset, bool Guessed) Align(SourceResult[] results, List<List<LogEvent>> perSource, AnalyzerOptions options, List<string> notes)
    {
        TimeSpan offset;
        var guessed = false;
        if (options.IcmOffset is { } given)
        {
            offset = given;
        }
        else if (results.Any(r => IsIcm(r.Stats.Component) && r.Events.Count > 0))
        {
            (offset, var note) = TimeAlignment.Guess(perSource, options.Parallelism);
            notes.Add(note ?? "ICM times taken as UTC: no CCP or Finesse lines to compare them with; give --tz to set the ICM servers' offset.");
            guessed = true;
        }
        else
        {
            offset = TimeSpan.Zero;
        }
        var ms = (long)offset.TotalMilliseconds;
        for (var s = 0; s < perSource.Count; s++)
        {
            if (!IsIcm(results[s].Stats.Component)) continue;
            foreach (var e in perSource[s])
            {
                // Lines in dumplog's Cisco Log output carry their own offset.
                if (e.HasOffsetOfItsOwn) continue;
                e.Time = e.LocalMs - ms;
                e.Offset = offset;
            }
        }
        return (offset, guessed);
    }

    private static bool IsIcm(LogComponent component) => component is LogComponent.CtiSvr or LogComponent.Pim or LogComponent.Rtr;

    private static bool Matches(List<LogEvent> events, string filter)
    {
        var text = Bare(filter);
        if (Guid.TryParse(text, out var contact)) return events.Any(e => e.ContactId == contact);
        var parts = text.Split([':', '/', '_', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 3 && int.TryParse(parts[0], out var d) && int.TryParse(parts[1], out var k) && int.TryParse(parts[2], out var seq) &&
            d >= 0 && k >= 0 && seq >= 0)
            return events.Any(e => e.RouterCallKeyDay == d && e.RouterCallKey == k && (e.TaskId.IsNone || e.TaskId.Sequence == seq));
        if (parts.Length == 2 && int.TryParse(parts[0], out var day) && int.TryParse(parts[1], out var key))
            return events.Any(e => e.RouterCallKeyDay == day && e.RouterCallKey == key);
        if (int.TryParse(text, out var number))
            return events.Any(e => e.DialogueId == number && e.Component is LogComponent.Pim or LogComponent.Rtr);
        return false;
    }

    // An id as the report, the logs or the JSON print it, without what surrounds it: "CID=(154600,2210)",
    // "(154600,2210)", "RouterCallKey=154600 2210", "TaskID:154600/2210/1", "DialogueID 12", "dialogue 12",
    // "contact=<guid>". A label is a leading word of letters only, so no GUID or number is taken for one.
    private static string Bare(string filter)
    {
        var text = filter.Trim();
        var end = text.IndexOfAny(['=', ' ', ':']);
        if (end > 0 && IsWord(text.AsSpan(0, end))) text = text[(end + 1)..].Trim();
        return text.Trim('(', ')').Trim();
    }

    private static bool IsWord(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiLetter(c)) return false;
        return true;
    }

    private sealed class NullParser(LogSource source) : LogParser(source)
    {
        protected override bool OnLine(ReadOnlySpan<char> line, long number) => false;
    }
}
