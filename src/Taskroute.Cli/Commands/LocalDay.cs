namespace Taskroute.Cli.Commands;

/// <summary>
/// A day in a time zone, as <c>--day</c> means it: from its midnight to the next, each with the
/// offset the zone has then, so that a day the clocks change in is 23 or 25 hours long.
/// </summary>
internal static class LocalDay
{
    public static DateOnly Today(TimeZoneInfo zone, DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    public static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly day, TimeZoneInfo zone) => (StartOf(day, zone), StartOf(day.AddDays(1), zone));

    /// <summary>
    /// The bounds moved each to the start of the interval it falls in or, inside one, of the next: a
    /// day takes the intervals that start in it. Reports widen a period to whole intervals, so in a
    /// zone whose midnight is not on an interval's start (+05:45 and 30 minutes) neighbouring days
    /// would otherwise each count the interval across their midnight.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) ToWholeIntervals((DateTimeOffset Start, DateTimeOffset End) day, int minutes)
    {
        var interval = minutes * 60_000L;
        DateTimeOffset Up(DateTimeOffset time)
        {
            var ms = time.ToUnixTimeMilliseconds();
            var remainder = ((ms % interval) + interval) % interval;
            return remainder == 0 ? time : time.AddMilliseconds(interval - remainder);
        }
        return (Up(day.Start), Up(day.End));
    }

    /// <summary>Whether both bounds start intervals of this many minutes already.</summary>
    public static bool OnIntervals((DateTimeOffset Start, DateTimeOffset End) day, int minutes) => ToWholeIntervals(day, minutes) == day;

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // Where the clocks go forward over midnight, the day begins when they show a time again.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        // Where they go back over it, the day begins at the first midnight.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
