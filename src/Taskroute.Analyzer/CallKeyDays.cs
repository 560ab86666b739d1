using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The last guess at the day of ICM lines with no date of their own and no CCP or Finesse lines to
/// take one from: the router numbers its calls' keys by day, the <c>day</c> of <c>CID=(day,key)</c>
/// and of a task id <c>day:key:seq</c> counting days from January 1, 1601 (154526 is January 30, 2024).
/// It is the router's day when the call came, so the day most calls agree on is taken.
/// </summary>
internal static class CallKeyDays
{
    private const long DayMs = 86_400_000;
    private static readonly int Epoch = new DateOnly(1601, 1, 1).DayNumber;
    private static readonly int UnixEpoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly int Earliest = new DateOnly(1990, 1, 1).DayNumber, Latest = new DateOnly(2100, 12, 31).DayNumber;

    /// <summary>The date a RouterCallKeyDay names.</summary>
    public static DateOnly Date(int keyDay) => DateOnly.FromDayNumber(Epoch + keyDay);

    /// <summary>
    /// The day (days since 1970) to add to the undated events' times of day, and the call key day
    /// that names it; null when none of them names a call key day of a plausible date.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (long Day, int KeyDay)? Find(IEnumerable<LogEvent> events)
    {
        // A key's day is the day its call came: the call's first line, and not its lines after
        // midnight (whose times hold a day rolled over), tells the day the log started on.
        var first = new Dictionary<long, (int KeyDay, long LocalMs)>();
        foreach (var e in events)
        {
            if (!e.Undated || e.RouterCallKeyDay <= 0) continue;
            var call = ((long)e.RouterCallKeyDay << 32) | (uint)e.RouterCallKey;
            if (!first.TryGetValue(call, out var seen) || e.LocalMs < seen.LocalMs) first[call] = (e.RouterCallKeyDay, e.LocalMs);
        }
        // Each call votes once; the day most calls agree on wins, the earliest of equals.
        var votes = new Dictionary<long, (int Count, int KeyDay)>();
        foreach (var (keyDay, localMs) in first.Values)
        {
            var date = Epoch + (long)keyDay;
            if (date < Earliest || date > Latest) continue;
            var day = date - UnixEpoch - (long)Math.Floor(localMs / (double)DayMs);
            var (count, named) = votes.GetValueOrDefault(day);
            votes[day] = (count + 1, named == 0 ? keyDay : Math.Min(named, keyDay));
        }
        if (votes.Count == 0) return null;
        var best = votes.OrderByDescending(v => v.Value.Count).ThenBy(v => v.Key).First();
        return (best.Key, best.Value.KeyDay);
    }
}
