using System.Globalization;

namespace Taskroute.Analyzer;

/// <summary>The time stamp CCP and Finesse write: <c>Jan 30 2024 08:55:49.233 -0500</c>.</summary>
internal static class CiscoTime
{
    private static readonly string[] Months = [.. CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames.Take(12)];

    /// <summary>The index of <paramref name="name"/> among <paramref name="names"/>, ignoring case; -1 when absent.</summary>
    public static int IndexOf(string[] names, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < names.Length; i++)
            if (name.Equals(names[i], StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Reads the stamp at the start of <paramref name="text"/>; <paramref name="used"/> is its length.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset time, out int used)
    {
        time = default;
        used = 0;
        if (text.Length < 26) return false;
        var month = IndexOf(Months, text[..3]) + 1;
        if (month == 0 || text[3] != ' ') return false;
        var i = 4;
        while (i < text.Length && text[i] == ' ') i++;
        if (!Fields.TryLeadingInt(text[i..], out var day, out var n) || n > 2) return false;
        i += n;
        if (i >= text.Length || text[i] != ' ') return false;
        i++;
        if (!Fields.TryLeadingInt(text[i..], out var year, out n) || n != 4) return false;
        i += n;
        if (i + 14 > text.Length || text[i] != ' ') return false;
        i++;
        var clock = text.Slice(i, 12);
        if (clock[2] != ':' || clock[5] != ':' || clock[8] != '.') return false;
        if (!int.TryParse(clock[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ||
            !int.TryParse(clock.Slice(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ||
            !int.TryParse(clock.Slice(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ||
            !int.TryParse(clock.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            return false;
        i += 12;
        if (i + 6 > text.Length || text[i] != ' ' || text[i + 1] is not ('+' or '-')) return false;
        if (!int.TryParse(text.Slice(i + 2, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var zone)) return false;
        var offset = new TimeSpan(zone / 100, zone % 100, 0);
        if (text[i + 1] == '-') offset = -offset;
        if (h > 23 || m > 59 || s > 59 || day < 1 || month > 12 || year < 1990 || year > 2100 || day > DateTime.DaysInMonth(year, month) ||
            offset.Duration() > TimeSpan.FromHours(14))
            return false;
        time = new DateTimeOffset(year, month, day, h, m, s, ms, offset);
        used = i + 6;
        return true;
    }
}
