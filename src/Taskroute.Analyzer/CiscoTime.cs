using System.Globalization;
using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The time stamp CCP and Finesse write: <c>Jan 30 2024 08:55:49.233 -0500</c>, or <c>... UTC</c>,
/// perhaps after a <c>*</c> or <c>.</c> that says how far the clock is to be trusted.
/// </summary>
internal static class CiscoTime
{
    private static readonly string[] Months = [.. CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames.Take(12)];

    /// <summary>The index of <paramref name="name"/> among <paramref name="names"/>, ignoring case; -1 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf(string[] names, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < names.Length; i++)
            if (name.Equals(names[i], StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    // Lines of one log share their date: the date's text and where its day starts are kept, per
    // thread, so the next line with the same date needs only its clock read.
    [ThreadStatic] private static string? t_date;
    [ThreadStatic] private static long t_dayMs;

    /// <summary>Reads the stamp at the start of <paramref name="text"/>; <paramref name="used"/> is its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out CiscoStamp time, out int used)
    {
        time = default;
        used = 0;
        // Cisco's marks before a stamp: '*' when the clock is not synchronised (no NTP), '.' when it
        // was and has lost it. The time is read all the same.
        var mark = text.Length > 0 && text[0] is '*' or '.' ? 1 : 0;
        text = text[mark..];
        if (text.Length < 26) return false;
        int i;
        long dayMs;
        if (t_date is { } date && text.StartsWith(date, StringComparison.Ordinal))
        {
            i = date.Length;
            dayMs = t_dayMs;
        }
        else if (!TryDate(text, out i, out dayMs))
        {
            return false;
        }
        if (i + 14 > text.Length) return false;
        var clock = text.Slice(i, 12);
        if (clock[2] != ':' || clock[5] != ':' || clock[8] != '.') return false;
        if (!Digits(clock[..2], out var h) || !Digits(clock.Slice(3, 2), out var m) || !Digits(clock.Slice(6, 2), out var s) || !Digits(clock.Slice(9, 3), out var ms))
            return false;
        i += 12;
        if (i + 4 > text.Length || text[i] != ' ') return false;
        TimeSpan offset;
        if (text.Slice(i + 1, 3).SequenceEqual("UTC"))
        {
            // Servers set to UTC write its name rather than +0000.
            offset = TimeSpan.Zero;
            used = i + 4;
        }
        else
        {
            if (i + 6 > text.Length || text[i + 1] is not ('+' or '-')) return false;
            if (!Digits(text.Slice(i + 2, 4), out var zone)) return false;
            offset = new TimeSpan(zone / 100, zone % 100, 0);
            if (text[i + 1] == '-') offset = -offset;
            used = i + 6;
        }
        if (h > 23 || m > 59 || s > 59 || offset.Duration() > TimeSpan.FromHours(14)) { used = 0; return false; }
        time = new CiscoStamp(dayMs + ((h * 60L + m) * 60 + s) * 1000 + ms - (long)offset.TotalMilliseconds, offset);
        used += mark;
        return true;
    }

    // "Jan 30 2024 ": checks the date and says where the clock starts and when the day does (as if UTC).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDate(ReadOnlySpan<char> text, out int clockAt, out long dayMs)
    {
        clockAt = 0;
        dayMs = 0;
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
        if (day < 1 || month > 12 || year < 1990 || year > 2100 || day > DateTime.DaysInMonth(year, month)) return false;
        clockAt = i;
        dayMs = (new DateOnly(year, month, day).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86_400_000L;
        t_date = new string(text[..i]);
        t_dayMs = dayMs;
        return true;
    }

    // As int.TryParse with no sign, spaces or separators allowed: ASCII digits only.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
