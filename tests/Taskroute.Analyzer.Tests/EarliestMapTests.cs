namespace Taskroute.Analyzer.Tests;

/// <summary>The earliest-time table behaves as a dictionary keeping minimums, in first-seen order, through growth and collisions.</summary>
public sealed class EarliestMapTests
{
    [Fact]
    public void It_keeps_the_earliest_time_of_each_id_in_the_order_ids_first_came()
    {
        var random = new Random(11);
        var map = new EarliestMap();
        var expected = new Dictionary<(long, long), long>();
        for (var i = 0; i < 50_000; i++)
        {
            // Few distinct ids, so most are seen again; some differ only in one half.
            (long, long) id = (random.Next(0, 300), random.Next(0, 40) << 20);
            long time = random.Next();
            map.Earliest(id.Item1, id.Item2, time);
            if (!expected.TryGetValue(id, out var t) || time < t) expected[id] = time;
        }
        Assert.Equal(expected.Count, map.Count);
        Assert.Equal(expected.Select(p => (p.Key.Item1, p.Key.Item2, p.Value)), Enumerable.Range(0, map.Count).Select(i => map[i]));
        foreach (var ((a, b), time) in expected)
        {
            Assert.True(map.TryGet(a, b, out var found));
            Assert.Equal(time, found);
        }
        Assert.False(map.TryGet(-1, 0, out _));
    }
}
