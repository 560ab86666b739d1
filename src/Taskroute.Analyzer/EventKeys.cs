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
    /// <summary>Sorts <paramref name="keys"/> from <paramref name="from"/> to <paramref name="to"/>, using <paramref name="spare"/> (half as long as the range, rounded up) for merging.</summary>
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

    // The shorter run is copied out, from the start of spare, and the merge fills from that end:
    // spare need only be half as long as the keys.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Merge(EventKey[] keys, EventKey[] spare, int from, int mid, int to)
    {
        if (from == mid || mid == to || !EventKey.Before(keys[mid], keys[mid - 1])) return;
        if (mid - from <= to - mid)
        {
            Array.Copy(keys, from, spare, 0, mid - from);
            int a = 0, end = mid - from, b = mid, o = from;
            while (a < end && b < to)
                keys[o++] = EventKey.Before(keys[b], spare[a]) ? keys[b++] : spare[a++];
            while (a < end) keys[o++] = spare[a++];
        }
        else
        {
            Array.Copy(keys, mid, spare, 0, to - mid);
            int a = mid - 1, b = to - mid - 1, o = to - 1;
            while (a >= from && b >= 0)
                keys[o--] = EventKey.Before(spare[b], keys[a]) ? keys[a--] : spare[b--];
            while (b >= 0) keys[o--] = spare[b--];
        }
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
