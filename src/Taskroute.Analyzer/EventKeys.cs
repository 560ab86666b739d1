using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>An event's place in EventOrder: its time, its rank in the flow, and where it was read.</summary>
internal readonly record struct EventKey(long Time, byte Rank, int Index)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(in EventKey a, in EventKey b) =>
        a.Time != b.Time ? a.Time < b.Time : a.Rank != b.Rank ? a.Rank < b.Rank : a.Index < b.Index;
}

/// <summary>
/// Sorts event keys with a merge sort of its own. A log is written in time order, so most runs are
/// already in order: a merge is skipped when its halves are, which makes sorted input cost one
/// comparison per run. It is our own code rather than the library's generic sort, whose copy for
/// this key would start out unoptimized in a run that lasts seconds.
/// </summary>
internal static class EventKeys
{
    /// <summary>Sorts <paramref name="keys"/> from <paramref name="from"/> to <paramref name="to"/>, using <paramref name="spare"/> (as long as keys) for merging.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(EventKey[] keys, EventKey[] spare, int from, int to)
    {
        if (to - from <= 16)
        {
            Insertion(keys, from, to);
            return;
        }
        var mid = from + (to - from) / 2;
        Sort(keys, spare, from, mid);
        Sort(keys, spare, mid, to);
        Merge(keys, spare, from, mid, to);
    }

    /// <summary>Merges the sorted ranges between the <paramref name="bounds"/> (from bounds[first] to bounds[last]) into one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MergeRuns(EventKey[] keys, EventKey[] spare, int[] bounds, int first, int last)
    {
        if (last - first <= 1) return;
        var mid = first + (last - first) / 2;
        MergeRuns(keys, spare, bounds, first, mid);
        MergeRuns(keys, spare, bounds, mid, last);
        Merge(keys, spare, bounds[first], bounds[mid], bounds[last]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Merge(EventKey[] keys, EventKey[] spare, int from, int mid, int to)
    {
        if (from == mid || mid == to || !EventKey.Before(keys[mid], keys[mid - 1])) return;
        Array.Copy(keys, from, spare, from, mid - from);
        int a = from, b = mid, o = from;
        while (a < mid && b < to)
            keys[o++] = EventKey.Before(keys[b], spare[a]) ? keys[b++] : spare[a++];
        while (a < mid) keys[o++] = spare[a++];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Insertion(EventKey[] keys, int from, int to)
    {
        for (var i = from + 1; i < to; i++)
        {
            var k = keys[i];
            var j = i - 1;
            while (j >= from && EventKey.Before(k, keys[j]))
            {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = k;
        }
    }
}
