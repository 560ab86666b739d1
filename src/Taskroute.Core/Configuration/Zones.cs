namespace Taskroute.Core.Configuration;

/// <summary>Time zones by IANA name, as the machine's time zone database has them.</summary>
public static class Zones
{
    /// <summary>The zone named, or null when this machine has none of that name (or the name is not one).</summary>
    public static TimeZoneInfo? Find(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The offset from UTC, in minutes, that time-of-day conditions read at <paramref name="unixMilliseconds"/>.</summary>
    public static int OffsetMinutes(TimeZoneInfo? zone, int fixedOffsetMinutes, long unixMilliseconds) =>
        zone is null ? fixedOffsetMinutes : (int)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds)).TotalMinutes;
}
