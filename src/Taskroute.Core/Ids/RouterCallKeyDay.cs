namespace Taskroute.Core.Ids;

/// <summary>RouterCallKeyDay counts days since 1601-01-01 (UTC); 30 January 2024 is day 154526.</summary>
public static class RouterCallKeyDay
{
    private const long MillisecondsPerDay = 86_400_000;

    // Days from 1601-01-01 to 1970-01-01.
    private const int UnixEpochDay = 134_774;

    public static int FromUnixMilliseconds(long unixMilliseconds) =>
        (int)(Math.DivRem(unixMilliseconds, MillisecondsPerDay) is var (q, r) && r < 0 ? q - 1 : q) + UnixEpochDay;

    public static DateOnly ToDate(int day) => DateOnly.FromDayNumber(new DateOnly(1601, 1, 1).DayNumber + day);
}
