using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Puts ICM's local times of day on the same clock as CCP's and Finesse's stamped times. With no
/// offset given, it compares when each shared id (a contact, a RouterCallKey) first appears on
/// either side and takes the most common difference, rounded to a quarter hour.
/// </summary>
internal static class TimeAlignment
{
    private const long QuarterHourMs = 15 * 60_000;

    /// <summary>
    /// What the ids say of an offset given by hand (--tz): a note when most of the ids ICM and CCP or
    /// Finesse both logged point elsewhere, which a wrong --tz shows as hours-long gaps in every task.
    /// </summary>
    public static string? Check(IReadOnlyList<List<LogEvent>> perSource, TimeSpan given, int parallelism = 1)
    {
        var (_, _, votes, tooFar) = Weigh(perSource, parallelism);
        // Every id both sides logged a day or so apart: ICM's lines were dated from the CCP and
        // Finesse lines through the offset given, and a wrong one moves them to another day.
        if (votes is null && tooFar > 0)
            return $"--tz {Format(given)} disagrees with the logs: {(tooFar == 1 ? "the one id" : $"all {tooFar} ids")} that ICM and CCP or Finesse both logged lie more than 14 hours apart with it (the ICM lines' date is taken through it); check --tz, or give --date.";
        if (votes is not var (offset, count, total) || offset == given || count * 2 <= total) return null;
        return $"--tz {Format(given)} disagrees with the logs: {count} of {total} ids that ICM and CCP or Finesse both logged put the ICM servers at UTC{Format(offset)}.";
    }

    public static (TimeSpan Offset, string? Note) Guess(IReadOnlyList<List<LogEvent>> perSource, int parallelism = 1)
    {
        var (offset, note, _, _) = Weigh(perSource, parallelism);
        return (offset, note);
    }

    // The guess, the ids' winning vote when they gave one, and how many ids lay too far apart to vote.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (TimeSpan Offset, string? Note, (TimeSpan Offset, int Votes, int Total)? Votes, int TooFar) Weigh(IReadOnlyList<List<LogEvent>> perSource, int parallelism)
    {
        // Each source's first sightings are found on their own (in parallel), then put together in
        // source order, so that every dictionary holds its keys in the order they first appear.
        var parts = new Sightings[perSource.Count];
        LargestFirst.For(perSource.Count, s => perSource[s].Count, parallelism, s => parts[s] = Sightings.Of(perSource[s]));
        var icm = new EarliestMap();
        var stamped = new EarliestMap();
        var offsets = new Dictionary<TimeSpan, int>();
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Icm.Count; i++)
            {
                var (a, b, time) = part.Icm[i];
                icm.Earliest(a, b, time);
            }
            for (var i = 0; i < part.Stamped.Count; i++)
            {
                var (a, b, time) = part.Stamped[i];
                stamped.Earliest(a, b, time);
            }
            foreach (var (offset, n) in part.Offsets) offsets[offset] = offsets.GetValueOrDefault(offset) + n;
        }
        var votes = new Dictionary<long, int>();
        var tooFar = 0;
        for (var i = 0; i < icm.Count; i++)
        {
            var (a, b, local) = icm[i];
            if (!stamped.TryGet(a, b, out var utc)) continue;
            var quarter = (long)Math.Round((local - utc) / (double)QuarterHourMs) * QuarterHourMs;
            if (Math.Abs(quarter) > 14 * 3_600_000)
            {
                tooFar++;
                continue;
            }
            votes[quarter] = votes.GetValueOrDefault(quarter) + 1;
        }
        if (votes.Count > 0)
        {
            var best = votes.OrderByDescending(v => v.Value).ThenBy(v => Math.Abs(v.Key)).First();
            var offset = TimeSpan.FromMilliseconds(best.Key);
            var total = votes.Values.Sum();
            return (offset, $"ICM times taken as UTC{Format(offset)}: guessed from {best.Value} of {total} ids that ICM and CCP or Finesse both logged; give --tz to set it." + ClockChange(votes, best.Key, offsets),
                (offset, best.Value, total), tooFar);
        }
        if (offsets.Count > 0)
        {
            var common = offsets.OrderByDescending(o => o.Value).First().Key;
            return (common, tooFar > 0
                ? $"ICM times taken as UTC{Format(common)}, the offset of the CCP and Finesse lines: {(tooFar == 1 ? "the one id both sides logged is" : $"all {tooFar} ids both sides logged are")} more than 14 hours apart, so the ICM lines' date is likely wrong (check --date); give --tz to set the offset."
                : $"ICM times taken as UTC{Format(common)}, the offset of the CCP and Finesse lines: no id appears on both sides to compare; give --tz to set it.", null, tooFar);
        }
        return (TimeSpan.Zero, null, null, tooFar);
    }

    // One offset is taken for every ICM line, so logs that span a daylight-saving change put the lines
    // on one side of it an hour off: said, when the ids or the stamped lines show both offsets.
    private static string ClockChange(Dictionary<long, int> votes, long best, Dictionary<TimeSpan, int> stamped)
    {
        const long Hour = 3_600_000;
        var other = votes.Where(v => Math.Abs(v.Key - best) == Hour).OrderByDescending(v => v.Value).Select(v => (long?)v.Key).FirstOrDefault();
        var both = other is not null || stamped.Keys.Any(o => stamped.ContainsKey(o + TimeSpan.FromHours(1)));
        if (!both) return "";
        var said = other is { } o2 ? $" {votes[o2]} put them at UTC{Format(TimeSpan.FromMilliseconds(o2))} instead, an hour away" : " The CCP and Finesse lines give two offsets an hour apart";
        return said + ": a daylight-saving change likely falls within these logs, and the ICM lines on one side of it are an hour off; analyze each side apart, with its own --tz.";
    }

    /// <summary>Puts an ICM line's local time of day on UTC by the ICM servers' <paramref name="offset"/>, unless the line carries an offset of its own (dumplog's Cisco Log output).</summary>
    public static void Place(LogEvent e, TimeSpan offset)
    {
        if (e.HasOffsetOfItsOwn) return;
        e.Time = e.LocalMs - (long)offset.TotalMilliseconds;
        e.Offset = offset;
    }

    public static string Format(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Notes when an event's ids (its contact, and its RouterCallKey unless cut) were seen, if earlier
    /// than before: the ids both sides log, by which clocks are compared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Sight(EarliestMap map, LogEvent e, long time)
    {
        if (e.ContactId != Guid.Empty)
        {
            var (a, b) = Key(e.ContactId);
            map.Earliest(a, b, time);
        }
        // A RouterCallKey's first half is 1; a contact's always has bit 1 set, so the two never meet.
        if (e.RouterCallKey != 0 && (e.Weak & WeakIds.RouterCallKey) == 0) map.Earliest(1, ((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey, time);
    }

    private static (long, long) Key(Guid id)
    {
        Span<byte> b = stackalloc byte[16];
        id.TryWriteBytes(b);
        return (BitConverter.ToInt64(b) | 2, BitConverter.ToInt64(b[8..]));
    }

    /// <summary>When one source first names each id, on either side, and how often it gives each offset.</summary>
    private sealed class Sightings
    {
        public EarliestMap Icm { get; } = new();
        public EarliestMap Stamped { get; } = new();

        /// <summary>Each offset with how many lines gave it, in the order they first did (a log has one or two).</summary>
        public List<(TimeSpan Offset, int Lines)> Offsets { get; } = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Sightings Of(List<LogEvent> events)
        {
            var part = new Sightings();
            foreach (var e in events)
            {
                var target = e.HasOffsetOfItsOwn ? part.Stamped : part.Icm;
                var time = e.HasOffsetOfItsOwn ? e.Time : e.LocalMs;
                if (e.HasOffsetOfItsOwn) part.Count(e.Offset);
                Sight(target, e, time);
            }
            return part;
        }

        private void Count(TimeSpan offset)
        {
            for (var i = 0; i < Offsets.Count; i++)
            {
                if (Offsets[i].Offset != offset) continue;
                Offsets[i] = (offset, Offsets[i].Lines + 1);
                return;
            }
            Offsets.Add((offset, 1));
        }
    }
}
