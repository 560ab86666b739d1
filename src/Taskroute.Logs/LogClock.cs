using System.Globalization;

namespace Taskroute.Logs;

/// <summary>
/// An event's time as the logs write it, at the configured offset. Most events of a batch share a
/// millisecond, so the texts are made once per distinct time and kept as bytes.
/// </summary>
internal sealed class LogClock(TimeSpan offset)
{
    private const long MillisecondsPerDay = 86_400_000;
    private static readonly byte[][] Months = [.. CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames.Take(12).Select(m => System.Text.Encoding.ASCII.GetBytes(m))];

    private readonly long _offsetMs = (long)offset.TotalMilliseconds;
    private readonly byte[] _icm = new byte[12];
    private readonly byte[] _cisco = new byte[30];
    private readonly byte[] _zone = Zone(offset);
    private long _time = long.MinValue;
    private long _dayStart = long.MinValue;

    /// <summary>The local date, as days since 1970-01-01; files change when it does.</summary>
    public long Day { get; private set; }

    /// <summary><c>08:55:49:391</c>: ICM's time of day, colons throughout.</summary>
    public ReadOnlySpan<byte> Icm => _icm;

    /// <summary><c>Jan 30 2024 08:55:49.272 -0500</c>: CCP's and Finesse's time stamp.</summary>
    public ReadOnlySpan<byte> Cisco => _cisco;

    public DateOnly Date => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Day);

    public void Set(long unixMilliseconds)
    {
        if (unixMilliseconds == _time) return;
        _time = unixMilliseconds;
        var local = unixMilliseconds + _offsetMs;
        var day = Math.DivRem(local, MillisecondsPerDay, out var ms);
        if (ms < 0) { day--; ms += MillisecondsPerDay; }
        if (day != Day || _dayStart == long.MinValue)
        {
            Day = day;
            _dayStart = day * MillisecondsPerDay;
            var date = Date;
            Months[date.Month - 1].CopyTo(_cisco, 0);
            _cisco[3] = (byte)' ';
            Two(_cisco, 4, date.Day);
            _cisco[6] = (byte)' ';
            Two(_cisco, 7, date.Year / 100);
            Two(_cisco, 9, date.Year % 100);
            _cisco[11] = (byte)' ';
            _cisco[24] = (byte)' ';
            _zone.CopyTo(_cisco, 25);
        }
        var hour = (int)(ms / 3_600_000);
        var minute = (int)(ms / 60_000 % 60);
        var second = (int)(ms / 1000 % 60);
        var milli = (int)(ms % 1000);
        Two(_icm, 0, hour); _icm[2] = (byte)':';
        Two(_icm, 3, minute); _icm[5] = (byte)':';
        Two(_icm, 6, second); _icm[8] = (byte)':';
        Three(_icm, 9, milli);
        _icm.AsSpan(0, 8).CopyTo(_cisco.AsSpan(12));
        _cisco[20] = (byte)'.';
        Three(_cisco, 21, milli);
    }

    /// <summary>ICM's dumplog header, <c>Events from January 30, 2024</c>, so a reader can date the lines below it.</summary>
    public string Header() => "Events from " + Date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    private static byte[] Zone(TimeSpan offset)
    {
        var minutes = (int)Math.Round(offset.TotalMinutes);
        var sign = minutes < 0 ? '-' : '+';
        minutes = Math.Abs(minutes);
        return System.Text.Encoding.ASCII.GetBytes($"{sign}{minutes / 60:00}{minutes % 60:00}");
    }

    private static void Two(byte[] b, int at, int value)
    {
        b[at] = (byte)('0' + value / 10);
        b[at + 1] = (byte)('0' + value % 10);
    }

    private static void Three(byte[] b, int at, int value)
    {
        b[at] = (byte)('0' + value / 100);
        b[at + 1] = (byte)('0' + value / 10 % 10);
        b[at + 2] = (byte)('0' + value % 10);
    }
}
