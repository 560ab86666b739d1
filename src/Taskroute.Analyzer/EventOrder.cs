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
        var run = new List<LogEvent>();
        var sources = new List<string>();
        var queues = new List<List<LogEvent>>();
        var next = new List<int>();
        var i = 0;
        while (i < events.Count)
        {
            var j = i + 1;
            while (j < events.Count && events[j].Time == events[i].Time) j++;
            if (j - i == 1)
            {
                merged.Add(events[i]);
                i = j;
                continue;
            }
            if (InSourceOrder(events, i, j, sources))
            {
                // Sorted by flow place then where read, and each source's lines already in the
                // order it wrote them: the merge below would give the same order.
                for (var k = i; k < j; k++) merged.Add(events[k]);
                i = j;
                continue;
            }
            // Each source's lines in the order it wrote them; of the sources' next lines, the one
            // earliest in the flow (then the earliest read) goes first.
            run.Clear();
            for (var k = i; k < j; k++) run.Add(events[k]);
            // Insertion sort by where they were read: runs are short, and mostly in that order already.
            for (var k = 1; k < run.Count; k++)
            {
                var e = run[k];
                var m = k - 1;
                while (m >= 0 && run[m].Order > e.Order)
                {
                    run[m + 1] = run[m];
                    m--;
                }
                run[m + 1] = e;
            }
            sources.Clear();
            foreach (var q in queues) q.Clear();
            foreach (var e in run)
            {
                var slot = sources.IndexOf(e.Source);
                if (slot < 0)
                {
                    slot = sources.Count;
                    sources.Add(e.Source);
                    if (queues.Count == slot) queues.Add([]);
                }
                queues[slot].Add(e);
            }
            next.Clear();
            for (var q = 0; q < sources.Count; q++) next.Add(0);
            for (var n = 0; n < run.Count; n++)
            {
                var best = -1;
                for (var q = 0; q < sources.Count; q++)
                {
                    if (next[q] == queues[q].Count) continue;
                    if (best < 0) { best = q; continue; }
                    var a = queues[q][next[q]];
                    var b = queues[best][next[best]];
                    if (a.Rank < b.Rank || (a.Rank == b.Rank && a.Order < b.Order)) best = q;
                }
                merged.Add(queues[best][next[best]++]);
            }
            i = j;
        }
        return merged;
    }

    // True when, going through events[from..to], each source's events come in the order it wrote them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool InSourceOrder(List<LogEvent> events, int from, int to, List<string> sources)
    {
        sources.Clear();
        Span<int> last = stackalloc int[16];
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
