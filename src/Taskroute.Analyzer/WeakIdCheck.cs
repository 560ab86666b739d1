using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Ids read at the very end of a line that may have been cut short lose their digits there: such an
/// id is kept only when some whole line names it too. Each source is looked through on its own, in
/// parallel; the ids confirmed anywhere are then put together.
/// </summary>
internal static class WeakIdCheck
{
    public static void DropUnconfirmed(List<List<LogEvent>> perSource, int parallelism)
    {
        var any = new bool[perSource.Count];
        LargestFirst.For(perSource, parallelism, s => any[s] = AnyWeak(perSource[s]));
        if (!any.Contains(true)) return;
        var parts = new Confirmed[perSource.Count];
        LargestFirst.For(perSource, parallelism, s => parts[s] = Confirmed.Of(perSource[s]));
        var all = parts[0];
        for (var s = 1; s < parts.Length; s++) all.Add(parts[s]);
        LargestFirst.For(perSource, parallelism, s => Drop(perSource[s], all));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AnyWeak(List<LogEvent> events)
    {
        foreach (var e in events)
            if (e.Weak != WeakIds.None) return true;
        return false;
    }

    /// <summary>Drops from <paramref name="events"/> the cut ids that no whole line in <paramref name="confirmed"/> names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Drop(List<LogEvent> events, Confirmed confirmed)
    {
        foreach (var e in events)
        {
            if (e.Weak == WeakIds.None) continue;
            if ((e.Weak & WeakIds.RouterCallKey) != 0 && !confirmed.Keys.Contains(((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey))
            {
                // A key cut short whose digits begin exactly one whole key of that day is that key:
                // "RouterCallKey=154526 37051" in a line cut at the TechNote's margin.
                if (confirmed.TryComplete(e.RouterCallKeyDay, e.RouterCallKey, out var whole))
                {
                    e.RouterCallKey = whole;
                    e.Weak &= ~WeakIds.RouterCallKey;
                }
                else
                {
                    e.RouterCallKey = e.RouterCallKeyDay = 0;
                    e.TaskId = Core.Ids.IcmTaskId.None;
                }
            }
            if ((e.Weak & WeakIds.Agent) != 0 && !confirmed.Agents.Contains(e.AgentId)) e.AgentId = 0;
            if ((e.Weak & WeakIds.Login) != 0 && !confirmed.Logins.Contains(e.LoginId)) e.LoginId = 0;
            if ((e.Weak & WeakIds.Sequence) != 0) e.TaskId = Core.Ids.IcmTaskId.None;
        }
    }

    /// <summary>The ids whole lines name.</summary>
    internal sealed class Confirmed
    {
        public HashSet<long> Keys { get; } = [];
        public HashSet<int> Agents { get; } = [];
        public HashSet<int> Logins { get; } = [];

        // The keys sorted, for completing cut ones; made when first needed after the keys last changed.
        private long[]? _sorted;
        private readonly Lock _sorting = new();

        // Fewer digits than this are too few to tell one call's key from another's.
        private const int ShortestCompletable = 1_000;

        /// <summary>The one whole key of <paramref name="day"/> that begins with the digits of <paramref name="cut"/>, if exactly one does.</summary>
        public bool TryComplete(int day, int cut, out int key)
        {
            key = 0;
            if (cut < ShortestCompletable || day <= 0) return false;
            var sorted = Sorted();
            long found = 0;
            var count = 0;
            // The keys one, two, ... digits longer than the cut that begin with it.
            for (long scale = 10, low = cut * 10L; low <= int.MaxValue; scale *= 10, low = cut * scale)
            {
                var high = Math.Min(low + scale - 1, int.MaxValue);
                var from = Array.BinarySearch(sorted, ((long)day << 32) | low);
                if (from < 0) from = ~from;
                for (var i = from; i < sorted.Length && sorted[i] <= (((long)day << 32) | high); i++)
                {
                    found = sorted[i];
                    if (++count > 1) return false;
                }
            }
            if (count != 1) return false;
            key = (int)(found & uint.MaxValue);
            return true;
        }

        private long[] Sorted()
        {
            lock (_sorting)
            {
                if (_sorted is null)
                {
                    _sorted = [.. Keys];
                    Array.Sort(_sorted);
                }
                return _sorted;
            }
        }

        public static Confirmed Of(List<LogEvent> events)
        {
            var c = new Confirmed();
            c.Add(events);
            return c;
        }

        /// <summary>Takes in the ids that <paramref name="events"/> name whole.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(List<LogEvent> events)
        {
            _sorted = null;
            foreach (var e in events)
            {
                if (e.RouterCallKey != 0 && (e.Weak & WeakIds.RouterCallKey) == 0) Keys.Add(((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey);
                if (e.AgentId != 0 && (e.Weak & WeakIds.Agent) == 0) Agents.Add(e.AgentId);
                if (e.LoginId != 0 && (e.Weak & WeakIds.Login) == 0) Logins.Add(e.LoginId);
            }
        }

        public void Add(Confirmed other)
        {
            _sorted = null;
            Keys.UnionWith(other.Keys);
            Agents.UnionWith(other.Agents);
            Logins.UnionWith(other.Logins);
        }
    }
}
