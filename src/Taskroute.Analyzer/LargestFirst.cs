using System.Collections.Concurrent;

namespace Taskroute.Analyzer;

/// <summary>
/// Runs one piece of work per source on several threads, the largest first and each taken as a
/// thread comes free: with sources of very different sizes, a large one started last would
/// leave the other threads idle at the end. Each piece writes only its own slot, so the results
/// do not depend on which thread ran what.
/// </summary>
internal static class LargestFirst
{
    public static void For(int count, Func<int, long> size, int parallelism, Action<int> body)
    {
        var order = Enumerable.Range(0, count).OrderByDescending(size).ThenBy(i => i).ToArray();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, body);
    }

    public static void For<T>(List<List<T>> lists, int parallelism, Action<int> body) =>
        For(lists.Count, i => lists[i].Count, parallelism, body);
}
