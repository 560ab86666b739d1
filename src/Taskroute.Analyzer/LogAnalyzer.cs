using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Taskroute.Core.Ids;

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
        // Logs read in time windows tell how many tasks they hold only once read.
        var tasks = new List<TaskFlow>(streamed.TaskCount);
        foreach (var t in streamed.Tasks) tasks.Add(t);
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
        if (options.MaxEventsHeld < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxEventsHeld must be at least 1");
        var clock = Stopwatch.StartNew();
        var list = sources.ToList();
        long total = 0, reported = 0;
        void OnBytes(long n)
        {
            var now = Interlocked.Add(ref total, n);
            var last = Interlocked.Read(ref reported);
            if (bytesRead is not null && now - last >= ProgressStep && Interlocked.CompareExchange(ref reported, now, last) == last) bytesRead.Report(now);
        }
        // Sources too large to hold are read side by side, each with its buffer: with hundreds of them
        // (a day of rotated logs) each reads less at a time, so that their buffers stay within 64 MB.
        var block = Math.Min(options.ReadBlock, Math.Max(64 << 10, (64 << 20) / Math.Max(1, list.Count)));
        var readers = new SourceReader[list.Count];
        for (var i = 0; i < list.Count; i++) readers[i] = new SourceReader(list[i], i, options, OnBytes, block);
        // Each source's first share of the events, several sources at once: the whole of every source
        // when the logs fit, and what the clocks are aligned by when they do not.
        var share = Math.Max(1, options.MaxEventsHeld / Math.Max(1, list.Count));
        var perSource = new List<LogEvent>[list.Count];
        LargestFirst.For(list.Count, i => list[i].Length ?? 0, options.Parallelism, i => perSource[i] = readers[i].Next(share));

        var notes = new List<string>();
        DateMissingIcmLines(readers, perSource, options, notes);
        var (offset, guessed) = Align(readers, perSource, options, notes);
        var report = new AnalysisReport
        {
            Tasks = [],
            Sources = [],
            Notes = notes,
            IcmOffset = offset,
            IcmOffsetGuessed = guessed,
        };
        if (readers.All(r => r.Done))
        {
            bytesRead?.Report(total);
            return Whole(readers, perSource, options, report with { BytesRead = total }, clock);
        }

        var windows = new TimeWindows(readers, perSource, offset, options);
        notes.Add($"These logs hold more than {options.MaxEventsHeld:N0} events, so they were read in time order and each task let go of once it had ended: " +
            $"a task's lines more than {TimeWindows.Grace / 1000} s after its end, or more than {windows.Horizon / 60_000} minutes after its last line when it has not ended, show as a task of their own.");
        // Windows follow each source's clock forward: grep's output goes back in time at each file it moves on to.
        foreach (var r in readers.Where(r => r.Source.GrepOutput))
            notes.Add($"{r.Source.Name} is grep's output, each file's lines after the last file's rather than in time order: read in time windows, its tasks may show in pieces; " +
                "give the files themselves, or a larger --max-events.");
        var voice = new VoiceCalls();
        return new StreamedAnalysis(report, Windowed(windows, options, voice), tasks =>
        {
            bytesRead?.Report(total);
            var stats = readers.Select((r, i) => r.Stats(windows.EventsOf(i))).ToArray();
            if (windows.Repeated > 0) notes.Add(RepeatedNote(windows.Repeated));
            if (windows.OtherSides > 0) notes.Add(SidesNote(windows.OtherSides));
            if (voice.Note() is { } voiceNote) notes.Add(voiceNote);
            return report with
            {
                Sources = stats,
                Notes = Finished(notes, stats, tasks, options),
                UnattachedEvents = windows.Unattached,
                BytesRead = total,
                Elapsed = clock.Elapsed,
            };
        }, options, clock, () => windows.Held);
    }

    // Logs that fit: every source read whole, the ids checked and linked across all of them at once.
    private static StreamedAnalysis Whole(SourceReader[] readers, List<LogEvent>[] perSource, AnalyzerOptions options, AnalysisReport report, Stopwatch clock)
    {
        var events = perSource.ToList();
        WeakIdCheck.DropUnconfirmed(events, options.Parallelism);
        var stats = readers.Select((r, i) => r.Stats(perSource[i].Count)).ToArray();
        // From here on the events are held only by the time-ordered list (Sorted lets go of the
        // sources' own lists), then only by their tasks, each let go of once its flow has been handed out.
        var all = Sorted(events, options.Parallelism);
        // An agent state dumped to each client session is one message, not a line read twice: no note.
        var repeated = Duplicates.Drop(all, out var sides, out var sessions) - sessions;
        if (repeated > sides) report = report with { Notes = [.. report.Notes, RepeatedNote(repeated - sides)] };
        if (sides > 0) report = report with { Notes = [.. report.Notes, SidesNote(sides)] };

        var correlator = new Correlator();
        var groups = correlator.Group(all, options.Parallelism);
        all.Clear();
        all.TrimExcess();
        var chosen = new List<List<LogEvent>>(groups.Count);
        var voice = new VoiceCalls();
        foreach (var g in groups)
            if (!voice.Skip(g) && (options.TaskFilter is not { } filter || Matches(g, filter))) chosen.Add(g);
        groups.Clear();
        if (voice.Note() is { } voiceNote) report = report with { Notes = [.. report.Notes, voiceNote] };
        var done = report with
        {
            Sources = stats,
            Notes = Finished([.. report.Notes], stats, chosen.Count, options),
            UnattachedEvents = correlator.Unattached,
            Elapsed = clock.Elapsed,
        };
        return new StreamedAnalysis(done, chosen, options, clock);
    }

    private static IEnumerable<List<List<LogEvent>>> Windowed(TimeWindows windows, AnalyzerOptions options, VoiceCalls voice)
    {
        foreach (var finished in windows.Finished())
        {
            var chosen = new List<List<LogEvent>>(finished.Count);
            foreach (var g in finished)
                if (!voice.Skip(g) && (options.TaskFilter is not { } filter || Matches(g, filter))) chosen.Add(g);
            yield return chosen;
        }
    }

    internal static string RepeatedNote(long lines) =>
        $"{lines:N0} {(lines == 1 ? "line appears" : "lines appear")} in two files (a copied log, or logs whose hours overlap): each was read once.";

    internal static string SidesNote(long lines) =>
        $"{lines:N0} {(lines == 1 ? "message was" : "messages were")} logged by both sides of a duplexed process (side A and side B, as ra-rtr and rb-rtr): each was read once.";

    // The notes that need every source read: what could not be read, and the task asked for but not found.
    private static List<string> Finished(List<string> notes, SourceStats[] stats, int chosen, AnalyzerOptions options)
    {
        foreach (var s in stats.Where(s => s.Problem is not null))
            notes.Add(s.LinesRead == 0 ? $"{s.Name}: could not be read: {s.Problem}" : $"{s.Name}: could not be read to the end: {s.Problem}");
        foreach (var s in stats.Where(s => s.LinesCut > 0))
            notes.Add($"{s.Name}: {(s.LinesCut == 1 ? "1 line is" : $"{s.LinesCut:N0} lines are")} longer than {SourceStats.MaxLineBytes / 1024} KiB and read only up to there: " +
                "what is past that point is not seen.");
        foreach (var s in stats.Where(s => s.GrepOutput && s.Events == 0 && s.LinesRead > 0))
            notes.Add($"{s.Name}: grep's output, but none of its {s.LinesRead:N0} lines makes a message: a task's lines name it in several forms (its contact id, " +
                "RouterCallKey, DialogueID, task id with ':' or '/'), and a message's fields follow on lines that name none of them. " +
                "Grep for several of its ids with -A12 (grep -rn -A12 -e ID1 -e ID2 logs/), or give the files themselves.");
        foreach (var s in stats.Where(s => s.OwnOutput is not null))
            notes.Add($"{s.Name}: the analyzer's own {s.OwnOutput}, passed over rather than read as a log.");
        foreach (var s in stats.Where(s => s.Component == LogComponent.Unknown && s.LinesRead > 0))
            notes.Add($"{s.Name}: not recognised as any of the seven logs; its {s.LinesRead} lines were skipped.");
        if (options.TaskFilter is not null && chosen == 0) notes.Add($"No task has the id '{options.TaskFilter}'.");
        if (stats.Length == 0) notes.Add("No files to read: the folders given are empty.");
        else if (stats.All(s => s.Component == LogComponent.Unknown)) notes.Add("None of the files read is one of the seven logs (ctisvr, MR PIM, router, Finesse, the three CCP logs).");
        return notes;
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

    // Writes one source's keys, from keys[start]: its place in the list is its place in the input.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Key(List<LogEvent> events, int start, LogEvent[] all, EventKey[] keys)
    {
        var n = start;
        foreach (var e in events)
        {
            all[n] = e;
            keys[n] = new EventKey(e.Time, e.Rank, n);
            n++;
        }
    }

    // ICM lines with no date of their own take the day on which CCP and Finesse logged the same ids,
    // else the day of the CCP and Finesse lines nearest them in time of day (see UndatedIcm). Logs too
    // large to hold are dated by each source's first share; the day found holds for its later lines.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DateMissingIcmLines(SourceReader[] readers, List<LogEvent>[] perSource, AnalyzerOptions options, List<string> notes)
    {
        // Only ICM lines lack a date (and an offset) of their own: other sources need no looking through.
        foreach (var r in readers)
            if (r.UnreadHeader is var (line, text))
            {
                var from = r.Stats(0).DateFrom;
                notes.Add($"{r.Source.Name}: line {line}, '{text}', looks like a dumplog 'Events from' date header but was not understood; " +
                    (from is not null ? $"the date was taken from the {from}." : "its lines were dated as if there were none."));
            }
        var undated = Enumerable.Range(0, readers.Length).Where(i => HoldsIcm(readers[i].Source) && perSource[i].Any(e => e.Undated)).ToList();
        if (undated.Count == 0) return;
        var stamped = UndatedIcm.Stamped.Of(perSource, options.IcmOffset);
        if (stamped.IsEmpty)
        {
            var dateless = DateByCallKeys(readers, perSource, undated, notes);
            foreach (var group in dateless.GroupBy(i => readers[i].UnreadHeader is null))
                notes.Add($"No date for the ICM lines of {Names(group)} ({(group.Key ? "no 'Events from' header" : "an 'Events from' line not understood")}, none in the file name): give --date; their times of day are shown on 1970-01-01.");
            return;
        }
        var days = new List<(int Source, UndatedIcm.Day Day)>();
        var byKeys = new List<(int Source, long Day, int KeyDay)>();
        foreach (var i in undated)
        {
            var day = UndatedIcm.Find(perSource[i], stamped, options.IcmOffset);
            // No id in common with CCP or Finesse: the router's call keys name the ICM servers' day
            // outright, where the time of day can only say which of the other logs' days is nearest
            // (and those logs may keep UTC, a day ahead of an evening in America). Keys whose day is
            // none the other logs could share are not of those logs' hours (a lab's made-up keys).
            if (day.Ids == 0 && CallKeyDays.Find(perSource[i]) is var (keyed, keyDay) && stamped.Near(keyed))
            {
                byKeys.Add((i, keyed, keyDay));
                Date(readers[i], perSource[i], keyed, "call keys");
                continue;
            }
            days.Add((i, day));
            Date(readers[i], perSource[i], day.Number, day.Ids > 0 ? "ids in other logs" : "other logs");
        }
        foreach (var group in byKeys.GroupBy(d => d.Day))
            notes.Add($"The ICM lines of {Names(group.Select(d => d.Source))} have no date of their own and no id in common with the CCP and Finesse lines: " +
                $"taken as {UndatedIcm.Date(group.Key):yyyy-MM-dd}, the day the router's call keys name (RouterCallKeyDay {group.Min(d => d.KeyDay)}); give --date to set it.");
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

        string Names(IEnumerable<int> sources) => string.Join(", ", sources.Select(i => readers[i].Source.Name));
    }

    // With no CCP or Finesse lines, the day the router's call keys name (see CallKeyDays): each
    // source's own, else the one all the undated sources' lines name. The sources left undated are returned.
    private static List<int> DateByCallKeys(SourceReader[] readers, List<LogEvent>[] perSource, List<int> undated, List<string> notes)
    {
        var all = CallKeyDays.Find(undated.SelectMany(i => perSource[i]));
        var left = new List<int>();
        var dated = new List<(int Source, long Day, int KeyDay)>();
        foreach (var i in undated)
        {
            if ((CallKeyDays.Find(perSource[i]) ?? all) is not { } found)
            {
                left.Add(i);
                continue;
            }
            var (day, keyDay) = found;
            dated.Add((i, day, keyDay));
            Date(readers[i], perSource[i], day, "call keys");
        }
        foreach (var group in dated.GroupBy(d => d.Day))
            notes.Add($"The ICM lines of {string.Join(", ", group.Select(d => readers[d.Source].Source.Name))} have no date of their own and no CCP or Finesse lines to take one from: " +
                $"taken as {UndatedIcm.Date(group.Key):yyyy-MM-dd}, the day the router's call keys name (RouterCallKeyDay {group.Min(d => d.KeyDay)}); give --date to set it.");
        return left;
    }

    // The day (days since 1970) added to a source's undated lines, now and as it is read on.
    private static void Date(SourceReader reader, List<LogEvent> events, long day, string from)
    {
        var dayMs = day * DayMs;
        foreach (var e in events)
            if (e.Undated) e.LocalMs += dayMs;
        reader.DayMs = dayMs;
        reader.DateFound = (UndatedIcm.Date(day), from);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (TimeSpan Offset, bool Guessed) Align(SourceReader[] readers, List<LogEvent>[] perSource, AnalyzerOptions options, List<string> notes)
    {
        TimeSpan offset;
        var guessed = false;
        if (options.IcmOffset is { } given)
        {
            offset = given;
            if (TimeAlignment.Check(perSource, given, options.Parallelism) is { } disagreement) notes.Add(disagreement);
        }
        else if (Enumerable.Range(0, readers.Length).Any(i => HoldsIcm(readers[i].Source) && perSource[i].Any(e => !e.HasOffsetOfItsOwn && LogComponentNames.IsIcm(e.Component))))
        {
            (offset, var note) = TimeAlignment.Guess(perSource, options.Parallelism);
            notes.Add(note ?? "ICM times taken as UTC: no CCP or Finesse lines to compare them with; give --tz to set the ICM servers' offset.");
            guessed = true;
        }
        else
        {
            offset = TimeSpan.Zero;
            // dumplog's Cisco Log output: every ICM line has its own offset, and there is nothing to guess.
            var stamped = Enumerable.Range(0, readers.Length).Where(i => LogComponentNames.IsIcm(readers[i].Source.Component) && perSource[i].Count > 0).Select(i => readers[i].Source.Name).ToList();
            if (stamped.Count > 0)
                notes.Add($"The ICM lines of {string.Join(", ", stamped)} carry their own date and UTC offset (dumplog's Cisco Log output): their times are read as written.");
        }
        for (var s = 0; s < perSource.Length; s++)
        {
            if (!HoldsIcm(readers[s].Source)) continue;
            // An event that carries its offset (a CCP or Finesse line of a mixed file) keeps it.
            foreach (var e in perSource[s]) TimeAlignment.Place(e, offset);
        }
        return (offset, guessed);
    }

    /// <summary>
    /// Whether a source may hold ICM lines, which have no date or offset of their own. grep's output may
    /// whatever its first lines are: they show only the first files grep went through.
    /// </summary>
    internal static bool HoldsIcm(LogSource source) => LogComponentNames.IsIcm(source.Component) || source.Mixed || source.GrepOutput;

    private static bool Matches(List<LogEvent> events, string filter)
    {
        var text = Bare(filter);
        if (Guid.TryParse(text, out var contact)) return events.Any(e => e.ContactId == contact);
        var parts = text.Split([':', '/', '_', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 3 && int.TryParse(parts[0], out var d) && int.TryParse(parts[1], out var k) && int.TryParse(parts[2], out var seq) &&
            d >= 0 && k >= 0 && seq >= 0)
        {
            // The task with that very number; a task whose lines never print its number (only the
            // router's call key) is taken by its call key alone.
            var asked = new IcmTaskId(d, k, seq);
            var numbered = false;
            foreach (var e in events)
            {
                if (e.TaskId.IsNone) continue;
                if (e.TaskId == asked) return true;
                numbered = true;
            }
            return !numbered && events.Any(e => e.RouterCallKeyDay == d && e.RouterCallKey == k);
        }
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
}
