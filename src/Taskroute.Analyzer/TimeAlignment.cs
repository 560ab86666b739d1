namespace Taskroute.Analyzer;

/// <summary>
/// Puts ICM's local times of day on the same clock as CCP's and Finesse's stamped times. With no
/// offset given, it compares when each shared id (a contact, a RouterCallKey) first appears on
/// either side and takes the most common difference, rounded to a quarter hour.
/// </summary>
internal static class TimeAlignment
{
    private const long QuarterHourMs = 15 * 60_000;

    public static (TimeSpan Offset, string? Note) Guess(IReadOnlyList<List<LogEvent>> perSource)
    {
        var icm = new Dictionary<(long, long), long>();
        var stamped = new Dictionary<(long, long), long>();
        var offsets = new Dictionary<TimeSpan, int>();
        foreach (var events in perSource)
        {
            foreach (var e in events)
            {
                var target = e.HasOffsetOfItsOwn ? stamped : icm;
                var time = e.HasOffsetOfItsOwn ? e.Time : e.LocalMs;
                if (e.HasOffsetOfItsOwn) offsets[e.Offset] = offsets.GetValueOrDefault(e.Offset) + 1;
                if (e.ContactId != Guid.Empty) Earliest(target, Key(e.ContactId), time);
                if (e.RouterCallKey != 0 && (e.Weak & WeakIds.RouterCallKey) == 0) Earliest(target, (1, ((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey), time);
            }
        }
        var votes = new Dictionary<long, int>();
        foreach (var (key, local) in icm)
        {
            if (!stamped.TryGetValue(key, out var utc)) continue;
            var quarter = (long)Math.Round((local - utc) / (double)QuarterHourMs) * QuarterHourMs;
            if (Math.Abs(quarter) > 14 * 3_600_000) continue;
            votes[quarter] = votes.GetValueOrDefault(quarter) + 1;
        }
        if (votes.Count > 0)
        {
            var best = votes.OrderByDescending(v => v.Value).ThenBy(v => Math.Abs(v.Key)).First();
            var offset = TimeSpan.FromMilliseconds(best.Key);
            var total = votes.Values.Sum();
            return (offset, $"ICM times taken as UTC{Format(offset)}: guessed from {best.Value} of {total} ids that ICM and CCP or Finesse both logged; give --tz to set it.");
        }
        if (offsets.Count > 0)
        {
            var common = offsets.OrderByDescending(o => o.Value).First().Key;
            return (common, $"ICM times taken as UTC{Format(common)}, the offset of the CCP and Finesse lines: no id appears on both sides to compare; give --tz to set it.");
        }
        return (TimeSpan.Zero, null);
    }

    public static string Format(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static (long, long) Key(Guid id)
    {
        Span<byte> b = stackalloc byte[16];
        id.TryWriteBytes(b);
        return (BitConverter.ToInt64(b) | 2, BitConverter.ToInt64(b[8..]));
    }

    private static void Earliest(Dictionary<(long, long), long> map, (long, long) key, long time)
    {
        if (!map.TryGetValue(key, out var t) || time < t) map[key] = time;
    }
}
