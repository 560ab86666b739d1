using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Taskroute.Analyzer;

/// <summary>Where an ICM log's date comes from: a dumplog header, or the file's name.</summary>
internal static partial class IcmDates
{
    private static readonly string[] Months = [.. CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Take(12)];
    private static readonly string[] Days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    /// <summary>
    /// <c>Events from January 30, 2024</c> (or <c>Events from Tuesday, January 30, 2024</c>), as dumplog heads its output.
    /// <paramref name="seen"/> says the line looks like such a header, understood or not, so the report
    /// can name a header it could not read rather than say there is none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryHeader(ReadOnlySpan<char> line, out DateOnly date, out bool seen)
    {
        date = default;
        var at = line.IndexOf("Events from", StringComparison.Ordinal);
        seen = at >= 0 && at <= 40;
        if (!seen || at + 12 > line.Length || line[at + 11] != ' ') return false;
        var rest = line[(at + 12)..];
        // The weekday may come first: "Events from Tuesday, January 30, 2024".
        var comma = rest.IndexOf(',');
        if (comma > 0 && CiscoTime.IndexOf(Days, rest[..comma]) >= 0) rest = rest[(comma + 1)..].TrimStart(' ');
        var space = rest.IndexOf(' ');
        if (space < 3) return false;
        var month = CiscoTime.IndexOf(Months, rest[..space]) + 1;
        if (month == 0) return false;
        rest = rest[(space + 1)..];
        if (!Fields.TryLeadingInt(rest, out var day, out var used) || used + 2 >= rest.Length || rest[used] != ',') return false;
        rest = rest[(used + 1)..].TrimStart(' ');
        if (!Fields.TryLeadingInt(rest, out var year, out used) || used != 4) return false;
        return TryDate(year, month, day, out date);
    }

    /// <summary>A date in a file name: <c>ctisvr.2024-01-30.1.log</c>, <c>..._20240130...</c> or CCE's <c>..._240130_...</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFileName(string name, out DateOnly date)
    {
        date = default;
        var file = name;
        var cut = Math.Max(file.LastIndexOf('/'), Math.Max(file.LastIndexOf('\\'), file.LastIndexOf('!')));
        if (cut >= 0) file = file[(cut + 1)..];
        var m = Dashed().Match(file);
        if (m.Success && TryDate(Int(m.Groups[1]), Int(m.Groups[2]), Int(m.Groups[3]), out date)) return true;
        m = Compact().Match(file);
        if (m.Success && TryDate(Int(m.Groups[1]), Int(m.Groups[2]), Int(m.Groups[3]), out date)) return true;
        m = Short().Match(file);
        return m.Success && TryDate(2000 + Int(m.Groups[1]), Int(m.Groups[2]), Int(m.Groups[3]), out date);
    }

    private static int Int(Group g) => int.Parse(g.ValueSpan, CultureInfo.InvariantCulture);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")]
    private static partial Regex Dashed();

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")]
    private static partial Regex Compact();

    [GeneratedRegex(@"(?<![\dA-Za-z])(\d\d)(\d\d)(\d\d)(?=[_.\-])")]
    private static partial Regex Short();
}
