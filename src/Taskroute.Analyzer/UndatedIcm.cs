using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The day of ICM lines that have no date of their own (a dumplog excerpt grepped or cut without its
/// <c>Events from</c> header, a file name without a date): the day on which CCP and Finesse logged the
/// same ids, else the day whose CCP and Finesse lines are nearest in time of day (or the day before
/// or after one of theirs, when theirs are all half a day away: logged in UTC). The first CCP or
/// Finesse date would be wrong whenever those logs span several days.
/// </summary>
internal static class UndatedIcm
{
    private const long DayMs = 86_400_000;

    /// <summary>How a day was chosen: by shared ids (how many agreed) or by time of day.</summary>
    public readonly record struct Day(long Number, int Ids);

    /// <summary>What the stamped (CCP, Finesse) lines say, gathered once for all undated ICM sources.</summary>
    public sealed class Stamped
    {
        // The earliest UTC time each id was logged at, and each local day's first and last local time.
        internal EarliestMap Ids { get; } = new();
        internal SortedDictionary<long, (long First, long Last)> Days { get; } = [];

        public bool IsEmpty => Days.Count == 0;
        public DateOnly FirstDay => Date(Days.First().Key);
        public DateOnly LastDay => Date(Days.Last().Key);

        /// <summary>Whether ICM lines of <paramref name="day"/> may be of the same hours as these lines: their day, or the one before or after it.</summary>
        public bool Near(long day) => Days.Keys.Any(d => Math.Abs(d - day) <= 1);

        /// <summary>
        /// Local days are the lines' own (<c>-0500</c>), or the ICM servers' when their offset is given:
        /// the nearest day in time of day compares ICM's local clock with them.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Stamped Of(IEnumerable<List<LogEvent>> sources, TimeSpan? icmOffset)
        {
            var s = new Stamped();
            foreach (var events in sources)
            {
                foreach (var e in events)
                {
                    if (!e.HasOffsetOfItsOwn) continue;
                    var local = e.Time + (long)(icmOffset ?? e.Offset).TotalMilliseconds;
                    var day = Math.DivRem(local, DayMs, out var rem);
                    if (rem < 0) day--;
                    s.Days[day] = s.Days.TryGetValue(day, out var r) ? (Math.Min(r.First, local), Math.Max(r.Last, local)) : (local, local);
                    TimeAlignment.Sight(s.Ids, e, e.Time);
                }
            }
            return s;
        }
    }

    /// <summary>
    /// The day (days since 1970) to add to the undated events' times of day. By ids: the ICM clock is
    /// within 12 hours of UTC (or at the given offset), so the day that puts an id's first ICM line
    /// nearest its first CCP or Finesse line is the one; the day most ids agree on wins.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Day Find(List<LogEvent> events, Stamped stamped, TimeSpan? icmOffset)
    {
        var icm = new EarliestMap();
        long first = long.MaxValue, last = long.MinValue;
        foreach (var e in events)
        {
            if (!e.Undated) continue;
            first = Math.Min(first, e.LocalMs);
            last = Math.Max(last, e.LocalMs);
            TimeAlignment.Sight(icm, e, e.LocalMs);
        }
        var offsetMs = (long)(icmOffset ?? TimeSpan.Zero).TotalMilliseconds;
        var votes = new Dictionary<long, int>();
        for (var i = 0; i < icm.Count; i++)
        {
            var (a, b, local) = icm[i];
            if (!stamped.Ids.TryGet(a, b, out var utc)) continue;
            var day = (long)Math.Round((utc + offsetMs - local) / (double)DayMs);
            votes[day] = votes.GetValueOrDefault(day) + 1;
        }
        if (votes.Count > 0)
        {
            var best = votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key).First();
            return new Day(best.Key, best.Value);
        }
        // No id on both sides: the day whose CCP and Finesse lines come nearest the ICM lines' span,
        // the earliest of equals (one day, when those logs cover one).
        var (bestDay, bestGap) = Nearest(stamped.Days.Keys, stamped, first, last);
        // Further apart than any two clocks' offsets put them: the CCP and Finesse lines are on
        // another day of their own clock (UTC) than the ICM servers' local one, the day before or after.
        if (bestGap > NeighbourAfter)
        {
            var neighbours = new SortedSet<long>(stamped.Days.Keys.SelectMany(d => new[] { d - 1, d, d + 1 }));
            var (day, gap) = Nearest(neighbours, stamped, first, last);
            if (gap < bestGap) bestDay = day;
        }
        return new Day(bestDay, 0);
    }

    // ICM's local clock and the CCP or Finesse logs' own are at most this far apart for lines of one
    // moment (their UTC offsets differ by twelve hours at most where contact centres run).
    private const long NeighbourAfter = 12 * 3_600_000L;

    private static (long Day, long Gap) Nearest(IEnumerable<long> days, Stamped stamped, long first, long last)
    {
        long bestDay = 0, bestGap = long.MaxValue;
        foreach (var day in days)
        {
            long from = day * DayMs + first, to = day * DayMs + last, gap = long.MaxValue;
            foreach (var (f, l) in stamped.Days.Values) gap = Math.Min(gap, Math.Max(0, Math.Max(f - to, from - l)));
            if (gap < bestGap) (bestDay, bestGap) = (day, gap);
        }
        return (bestDay, bestGap);
    }

    public static DateOnly Date(long day) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day);
}
