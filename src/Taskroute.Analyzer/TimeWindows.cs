using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads logs too large to hold at once in time order, a window at a time, and hands out the tasks
/// each window finishes. The sources are read a chunk at a time, always the one furthest behind in
/// time, so that they move forward together; events wait until every source has read past them (by
/// <see cref="Reorder"/>, for lines logged a little out of order), then are linked into tasks with
/// the events of tasks still open from earlier windows. A task is finished, and let go of, once the
/// logs have been read <see cref="Grace"/> past its end, or <see cref="Horizon"/> past its last event
/// when it has not ended; open tasks and agent events not yet placed go on to the next window.
/// </summary>
internal sealed class TimeWindows
{
    /// <summary>How far behind the latest line read so far a source's next line may be, in milliseconds (threads that log a moment late).</summary>
    public const long Reorder = 1_000;

    /// <summary>
    /// How long after a task's end its other lines still come, in milliseconds: other components'
    /// lines of the end, and the agent's next state, which joins the task up to 2 s after it.
    /// </summary>
    public const long Grace = 3_000;

    private readonly SourceReader[] _readers;
    private readonly long[] _latest;
    private readonly TimeSpan _offset;
    private readonly AnalyzerOptions _options;
    private readonly WeakIdCheck.Confirmed _confirmed = new();
    private readonly int _window;
    private readonly int _chunk;
    private List<LogEvent> _pending = [];
    // The pending events' times, side by side: counting those before a mark reads no event.
    private List<long> _pendingTimes = [];
    private List<LogEvent> _carried = [];
    private readonly long[] _events;
    // Each source's next chunk, read on a pool thread while this one links: at most one ahead a source.
    private readonly Task<List<LogEvent>>?[] _ahead;
    private readonly bool[] _done;

    public TimeWindows(SourceReader[] readers, List<LogEvent>[] first, TimeSpan offset, AnalyzerOptions options)
    {
        _readers = readers;
        _options = options;
        _offset = offset;
        _latest = new long[readers.Length];
        _events = new long[readers.Length];
        _ahead = new Task<List<LogEvent>>?[readers.Length];
        _done = new bool[readers.Length];
        Array.Fill(_latest, long.MinValue);
        _window = Math.Max(1, options.MaxEventsHeld / 2);
        _chunk = Math.Max(1, options.MaxEventsHeld / Math.Max(4, 4 * readers.Length));
        Horizon = Math.Max((long)options.LongGap.TotalMilliseconds * 2, Grace);
        for (var s = 0; s < first.Length; s++)
        {
            _done[s] = readers[s].Done;
            Take(s, first[s], placed: true);
            ReadAhead(s);
        }
    }

    /// <summary>How long after its last event a task that has not ended is let go of.</summary>
    public long Horizon { get; }

    /// <summary>Lines dropped as repeats of a line of another file (see <see cref="Duplicates"/>).</summary>
    public long Repeated { get; private set; }

    /// <summary>Lines dropped as the other side's copy of a duplexed process's line (see <see cref="Duplicates"/>).</summary>
    public long OtherSides { get; private set; }

    /// <summary>Events left out of every task (see <see cref="Correlator.Unattached"/>).</summary>
    public long Unattached { get; private set; }

    /// <summary>Events held now: read and waiting for their window, and in tasks still open (not the chunks read ahead).</summary>
    public long Held => _pending.Count + _carried.Count;

    /// <summary>Events each source gave.</summary>
    public long EventsOf(int source) => _events[source];

    /// <summary>The finished tasks of each window, each task's events in time order, the tasks in the order of their first event.</summary>
    public IEnumerable<List<List<LogEvent>>> Finished()
    {
        while (true)
        {
            var all = true;
            var behind = -1;
            for (var s = 0; s < _readers.Length; s++)
            {
                if (_done[s]) continue;
                all = false;
                if (behind < 0 || _latest[s] < _latest[behind]) behind = s;
            }
            var mark = all ? long.MaxValue : _latest[behind] == long.MinValue ? long.MinValue : _latest[behind] - Reorder;
            // A window is linked once half the room is ready (every source has read past it), or when
            // events pile up behind a source that lags: linking fewer would link the open tasks' events
            // over and over.
            if (!all && (_pending.Count < _window / 2 || CountBefore(mark) is var ready && (ready == 0 || ready < _window / 2 && _pending.Count < 2 * _window)))
            {
                Take(behind, Next(behind), placed: false);
                continue;
            }
            yield return Link(mark, all);
            if (all) yield break;
        }
    }

    // The source's next chunk: the one read ahead, and the one after it started.
    private List<LogEvent> Next(int source)
    {
        var task = _ahead[source];
        _ahead[source] = null;
        var events = task is null ? _readers[source].Next(_chunk) : task.GetAwaiter().GetResult();
        // Done is the reader's own, set on the thread that read: seen here once its chunk is.
        _done[source] = _readers[source].Done;
        ReadAhead(source);
        return events;
    }

    private void ReadAhead(int source)
    {
        if (_done[source]) return;
        var reader = _readers[source];
        var chunk = _chunk;
        _ahead[source] = Task.Run(() => reader.Next(chunk));
    }

    // Events from a source, on the common clock; they wait for the window their time falls in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Take(int source, List<LogEvent> events, bool placed)
    {
        var icm = LogAnalyzer.HoldsIcm(_readers[source].Source);
        var day = _readers[source].DayMs;
        var latest = _latest[source];
        foreach (var e in events)
        {
            if (!placed && icm)
            {
                if (e.Undated) e.LocalMs += day;
                TimeAlignment.Place(e, _offset);
            }
            if (e.Time > latest) latest = e.Time;
            _pendingTimes.Add(e.Time);
        }
        _latest[source] = latest;
        _events[source] += events.Count;
        _confirmed.Add(events);
        _pending.AddRange(events);
    }

    private int CountBefore(long mark)
    {
        var n = 0;
        foreach (var t in CollectionsMarshal.AsSpan(_pendingTimes))
            if (t < mark) n++;
        return n;
    }

    // Links the events before the mark with the open tasks' events; hands out the tasks finished by then.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<List<LogEvent>> Link(long mark, bool last)
    {
        var now = new List<LogEvent>(_carried.Count + _pending.Count);
        var later = new List<LogEvent>();
        var laterTimes = new List<long>();
        foreach (var e in _pending)
        {
            if (e.Time < mark)
            {
                now.Add(e);
                continue;
            }
            later.Add(e);
            laterTimes.Add(e.Time);
        }
        _pending = later;
        _pendingTimes = laterTimes;
        // Ids cut at a line's end are checked against every whole line read so far, this window's
        // and the ones read ahead of it.
        WeakIdCheck.Drop(now, _confirmed);
        now.AddRange(_carried);
        _carried = [];
        Sort(now);
        Repeated += Duplicates.Drop(now, out var sides, out var sessions) - sides - sessions;
        OtherSides += sides;

        var correlator = new Correlator();
        var groups = correlator.Group(now, _options.Parallelism);
        Unattached += correlator.Unattached - correlator.Unplaced.Count;
        var finished = new List<List<LogEvent>>();
        foreach (var g in groups)
        {
            if (last || Finished(g, mark)) finished.Add(g);
            else _carried.AddRange(g);
        }
        foreach (var e in correlator.Unplaced)
        {
            // A task the agent takes a moment later may still claim it.
            if (!last && e.Time >= mark - Grace) _carried.Add(e);
            else Unattached++;
        }
        return finished;
    }

    private bool Finished(List<LogEvent> events, long mark)
    {
        long? end = null;
        var lastTime = long.MinValue;
        foreach (var e in events)
        {
            lastTime = Math.Max(lastTime, e.Time);
            if (MessageRoutes.EndsTask(e.Type))
                end = Math.Max(end ?? long.MinValue, e.Time);
        }
        return end is { } t && t + Grace < mark || lastTime + Horizon < mark;
    }

    // EventOrder's order: by time, then by place in the flow, then by where each was read. Put in the
    // order they were read first (a sort of plain numbers), then keyed by place for the merge sort of
    // the whole read (EventKeys), whose ties then keep the order they were read in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sort(List<LogEvent> events)
    {
        var n = events.Count;
        var items = new LogEvent[n];
        var orders = new long[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = events[i];
            orders[i] = items[i].Order;
        }
        Array.Sort(orders, items);
        var keys = new EventKey[n];
        for (var i = 0; i < n; i++) keys[i] = new EventKey(items[i].Time, items[i].Rank, i);
        EventKeys.Sort(keys, new EventKey[(n + 1) / 2], 0, n);
        for (var i = 0; i < n; i++) events[i] = items[keys[i].Index];
    }
}
