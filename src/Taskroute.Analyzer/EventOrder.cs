using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// The order of events: by time, then (for messages logged in the same millisecond by different
/// components) by their place in the seed's flow, then by where they were read.
/// </summary>
internal static class EventOrder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Compare(LogEvent? a, LogEvent? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var c = a.Time.CompareTo(b.Time);
        if (c != 0) return c;
        c = Rank(a).CompareTo(Rank(b));
        return c != 0 ? c : a.Order.CompareTo(b.Order);
    }

    /// <summary>
    /// Events of the same millisecond put in flow order without changing the order any one source
    /// wrote them in (each log writes its own lines in the order things happened): a merge of the
    /// sources that takes, among their next lines, the one earliest in the flow. Events must be in time order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<LogEvent> Merge(List<LogEvent> events)
    {
        var merged = new List<LogEvent>(events.Count);
        // Taken from the thread for the call, so that a task costs no scratch arrays of its own.
        var scratch = t_scratch ?? new RunScratch();
        t_scratch = null;
        var sources = scratch.Sources;
        var i = 0;
        while (i < events.Count)
        {
            var j = i + 1;
            while (j < events.Count && events[j].Time == events[i].Time) j++;
            if (j - i == 1)
            {
                merged.Add(events[i]);
            }
            else if (InSourceOrder(events, i, j, sources))
            {
                // Sorted by flow place then where read, and each source's lines already in the
                // order it wrote them: the merge would give the same order.
                for (var k = i; k < j; k++) merged.Add(events[k]);
            }
            else
            {
                MergeRun(events, i, j, merged, scratch);
            }
            i = j;
        }
        if (scratch.Release()) t_scratch = scratch;
        return merged;
    }

    [ThreadStatic]
    private static RunScratch? t_scratch;

    // Each source's lines in the order it wrote them; of the sources' next lines, the one earliest
    // in the flow (then the earliest read) goes first. The run's events are laid out source by
    // source in one array, each source's part sorted by where it was read.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeRun(List<LogEvent> events, int from, int to, List<LogEvent> merged, RunScratch scratch)
    {
        var count = to - from;
        var slots = scratch.Slots(count);
        var sources = scratch.Sources;
        sources.Clear();
        for (var k = 0; k < count; k++)
        {
            var source = events[from + k].Source;
            var slot = -1;
            for (var q = 0; q < sources.Count && slot < 0; q++)
                if (ReferenceEquals(sources[q], source)) slot = q;
            if (slot < 0) slot = sources.IndexOf(source);
            if (slot < 0)
            {
                slot = sources.Count;
                sources.Add(source);
            }
            slots[k] = slot;
        }
        var starts = scratch.Starts(sources.Count + 1);
        for (var k = 0; k < count; k++) starts[slots[k] + 1]++;
        for (var q = 0; q < sources.Count; q++) starts[q + 1] += starts[q];
        var next = scratch.Next(sources.Count);
        for (var q = 0; q < sources.Count; q++) next[q] = starts[q];
        var laid = scratch.Laid(count);
        for (var k = 0; k < count; k++) laid[next[slots[k]]++] = events[from + k];
        for (var q = 0; q < sources.Count; q++)
        {
            next[q] = starts[q];
            // Insertion sort by where read: a source's part of a run is short.
            for (var k = starts[q] + 1; k < starts[q + 1]; k++)
            {
                var e = laid[k];
                var m = k - 1;
                while (m >= starts[q] && laid[m].Order > e.Order)
                {
                    laid[m + 1] = laid[m];
                    m--;
                }
                laid[m + 1] = e;
            }
        }
        for (var n = 0; n < count; n++)
        {
            var best = -1;
            for (var q = 0; q < sources.Count; q++)
            {
                if (next[q] == starts[q + 1]) continue;
                if (best < 0) { best = q; continue; }
                var a = laid[next[q]];
                var b = laid[next[best]];
                if (a.Rank < b.Rank || (a.Rank == b.Rank && a.Order < b.Order)) best = q;
            }
            merged.Add(laid[next[best]++]);
        }
    }

    /// <summary>Arrays reused from one run to the next within a task.</summary>
    private sealed class RunScratch
    {
        private int[] _slots = new int[64];
        private int[] _starts = new int[16];
        private int[] _next = new int[16];
        private LogEvent[] _laid = new LogEvent[64];

        public List<string> Sources { get; } = [];

        public int[] Slots(int count) => _slots.Length >= count ? _slots : _slots = new int[count * 2];

        public int[] Starts(int count)
        {
            if (_starts.Length < count) _starts = new int[count * 2];
            Array.Clear(_starts, 0, count);
            return _starts;
        }

        public int[] Next(int count) => _next.Length >= count ? _next : _next = new int[count * 2];

        public LogEvent[] Laid(int count) => _laid.Length >= count ? _laid : _laid = new LogEvent[count * 2];

        /// <summary>Forgets the events it was given; false when it grew too large to be kept for the next task.</summary>
        public bool Release()
        {
            Array.Clear(_laid);
            Sources.Clear();
            return _laid.Length <= 4096 && _slots.Length <= 4096;
        }
    }

    // True when, going through events[from..to], each source's events come in the order it wrote them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool InSourceOrder(List<LogEvent> events, int from, int to, List<string> sources)
    {
        sources.Clear();
        Span<long> last = stackalloc long[16];
        for (var k = from; k < to; k++)
        {
            var e = events[k];
            var slot = sources.IndexOf(e.Source);
            if (slot < 0)
            {
                if (sources.Count == last.Length) return false;
                slot = sources.Count;
                sources.Add(e.Source);
                last[slot] = e.Order;
                continue;
            }
            if (e.Order < last[slot]) return false;
            last[slot] = e.Order;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte Rank(LogEvent e) => e.Type switch
    {
        MessageType.CREATE_SOCIAL_CONTACT => 0,
        MessageType.SOCIAL_CONTACT_CREATED => 10,
        MessageType.NEW_TASK => 20,
        MessageType.NEW_CALL => 30,
        MessageType.QUEUED_TASK_EVENT => 40,
        MessageType.DEVICE_TARGET_PRE_CALL_IND => 50,
        MessageType.AGENT_PRE_CALL_EVENT => 56,
        MessageType.CONNECT => 60,
        MessageType.DO_THIS_WITH_TASK => 70,
        MessageType.OFFER_TASK_IND => 80,
        MessageType.OFFER_TASK_EVENT => 90,
        MessageType.START_TASK_IND => 100,
        MessageType.START_TASK_EVENT => 110,
        MessageType.END_TASK_IND => 200,
        MessageType.END_TASK_EVENT => 210,
        MessageType.CLOSE_TASK => 220,
        MessageType.SOCIAL_CONTACT_UPDATED => 230,
        _ when e.Message == "SCRIPT_STEP" => 45,
        _ when e.Message == "DECODE_ERROR" => 201,
        _ => 150,
    };
}
