namespace Taskroute.Analyzer.Tests;

/// <summary>The merge sort of event keys, with only half as much spare room as keys, against the library's sort.</summary>
public sealed class EventKeysTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 2)]
    [InlineData(1000, 3)]
    [InlineData(4097, 4)]
    public void Runs_sorted_apart_and_merged_come_out_in_order(int count, int seed)
    {
        var random = new Random(seed);
        // Uneven runs, as sources are: one large, some small, some empty; times repeat, ranks break ties.
        var bounds = new List<int> { 0 };
        while (bounds[^1] < count) bounds.Add(Math.Min(count, bounds[^1] + (random.Next(4) == 0 ? 0 : random.Next(1, count / 2 + 2))));
        var keys = new EventKey[count];
        for (var i = 0; i < count; i++) keys[i] = new EventKey(random.Next(count / 3 + 1), (byte)random.Next(3), i);
        var expected = keys.OrderBy(k => k.Time).ThenBy(k => k.Rank).ThenBy(k => k.Index).ToArray();

        var largest = 0;
        for (var r = 1; r < bounds.Count; r++) largest = Math.Max(largest, bounds[r] - bounds[r - 1]);
        var own = new EventKey[(largest + 1) / 2];
        for (var r = 1; r < bounds.Count; r++) EventKeys.Sort(keys, own, bounds[r - 1], bounds[r]);
        EventKeys.MergeRuns(keys, new EventKey[(count + 1) / 2], [.. bounds], 0, bounds.Count - 1);

        Assert.Equal(expected, keys);
    }
}
