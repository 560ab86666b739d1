using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The head of an ICM process trace line: <c>08:55:58:923 cg3A-ctisvr Trace: ...</c> or
/// <c>08:55:58:923 cg3A-ctisvr Session 3: ...</c>; the time of day is the ICM server's local time.
/// The milliseconds may follow a dot (<c>08:55:58.923</c>) or be missing (<c>08:55:58</c>, plain dumplog).
/// </summary>
internal static class IcmLine
{
    /// <summary>Session number for session lines, -1 for Trace lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryHeader(ReadOnlySpan<char> line, out int timeOfDayMs, out ReadOnlySpan<char> process, out int session, out ReadOnlySpan<char> body) =>
        TryHeader(line, out timeOfDayMs, out _, out process, out session, out body);

    /// <summary>
    /// As above; <paramref name="date"/> is the date written before the time (<c>01/30/2024 08:55:49:403 ...</c>,
    /// as some dumplog options and collection tools write it), default when the line has none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryHeader(ReadOnlySpan<char> line, out int timeOfDayMs, out DateOnly date, out ReadOnlySpan<char> process, out int session, out ReadOnlySpan<char> body)
    {
        timeOfDayMs = 0;
        date = default;
        process = body = default;
        session = -1;
        if (line.Length < 13) return false;
        if (line[2] == '/' && !TryDatePrefix(ref line, out date)) return false;
        if (line.Length < 13 || line[2] != ':' || line[5] != ':') return false;
        if (!TwoDigits(line, 0, out var h) || !TwoDigits(line, 3, out var m) || !TwoDigits(line, 6, out var s) || h > 23 || m > 59 || s > 60)
            return false;
        // dumplog writes hh:mm:ss unless asked for milliseconds (hh:mm:ss:mmm); some tools put a dot
        // before them. Lines without milliseconds are read at the second. Columns may be parted by a
        // tab rather than a space (a trace pasted from a spreadsheet or written by a collection tool).
        int ms, at;
        switch (line[8])
        {
            case ':' or '.':
                if (line.Length < 16 || line[12] is not (' ' or '\t') || !char.IsAsciiDigit(line[9]) || !char.IsAsciiDigit(line[10]) || !char.IsAsciiDigit(line[11]))
                    return false;
                ms = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
                at = 13;
                break;
            case ' ' or '\t':
                ms = 0;
                at = 9;
                break;
            default:
                return false;
        }
        timeOfDayMs = ((h * 60 + m) * 60 + s) * 1000 + ms;
        var rest = line[at..];
        var space = rest.IndexOfAny(' ', '\t');
        if (space <= 0) return false;
        process = rest[..space];
        rest = rest[(space + 1)..];
        if (rest.StartsWith("Trace:", StringComparison.Ordinal))
        {
            if (rest.Length == 6) return true;
            if (rest[6] is not (' ' or '\t')) return false;
            body = WithoutThreadId(rest[7..]);
            return true;
        }
        // ctisvr writes "Session 7:" or, in some versions, "SESSION 7:".
        if (rest.StartsWith("Session ", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[8..];
            if (!Fields.TryLeadingInt(rest, out session, out var used) || used + 1 >= rest.Length || rest[used] != ':') return false;
            body = rest[(used + 1)..].TrimStart(' ');
            return true;
        }
        // Some dumplog versions leave "Trace:" out; the process name must then say it is one of ours,
        // as nothing else on the line does.
        if (ComponentOfName(process) == LogComponent.Unknown) return false;
        body = WithoutThreadId(rest);
        return true;
    }

    // "01/30/2024 " before the time: month first, as dumplog writes it; a first number past 12 is the day.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDatePrefix(ref ReadOnlySpan<char> line, out DateOnly date)
    {
        date = default;
        if (line.Length < 24 || line[5] != '/' || line[10] is not (' ' or '\t')) return false;
        if (!TwoDigits(line, 0, out var first) || !TwoDigits(line, 3, out var second) || !TwoDigits(line, 6, out var century) || !TwoDigits(line, 8, out var years))
            return false;
        var (month, day) = first > 12 ? (second, first) : (first, second);
        var year = century * 100 + years;
        if (month is < 1 or > 12 || year < 1990 || year > 2100 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        line = line[11..];
        return true;
    }

    // Some processes (MR PIMs among them) write the thread after "Trace:": "Trace: [  4900]Application->PG:".
    // The message starts after it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> WithoutThreadId(ReadOnlySpan<char> body)
    {
        if (body.Length < 3 || body[0] != '[') return body;
        var i = 1;
        while (i < body.Length && body[i] == ' ') i++;
        var digits = i;
        while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
        if (i == digits || i >= body.Length || body[i] != ']') return body;
        return body[(i + 1)..].TrimStart(' ');
    }

    /// <summary>
    /// An ICM process's line in dumplog's Cisco Log output (or its syslog feed):
    /// <c>10: CICMRGRA: Feb 8 2007 05:37:44.658 +0000: %ICM_Router_ProcessSynchronization: [comp=Router-A][pname=rtr][iid=ipcc][sev=info]: MDS is in service.</c>.
    /// The message after the bracketed fields is read as a trace line's would be; <c>pname</c> names the process.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCiscoLog(ReadOnlySpan<char> line, out CiscoStamp time, out ReadOnlySpan<char> process, out int session, out ReadOnlySpan<char> body)
    {
        process = body = default;
        session = -1;
        if (!CiscoLogLine.TryHeader(line, out time, out var facility, out _, out var rest) || !facility.StartsWith("ICM_", StringComparison.Ordinal)) return false;
        return TryCiscoLogBody(rest, out process, out session, out body);
    }

    /// <summary>What follows an ICM Cisco Log line's facility: <c>[comp=..][pname=rtr]..: message</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCiscoLogBody(ReadOnlySpan<char> rest, out ReadOnlySpan<char> process, out int session, out ReadOnlySpan<char> body)
    {
        process = default;
        session = -1;
        // Cisco Log's own definition writes the tags after a '%' ("%[comp=..][pname=rtr]: ..."), as
        // the serviceability guide shows them; dumplog's output leaves it out.
        if (rest.Length > 1 && rest[0] == '%' && rest[1] == '[') rest = rest[1..];
        while (rest.Length > 0 && rest[0] == '[')
        {
            var close = rest.IndexOf(']');
            if (close < 0) break;
            var field = rest[1..close];
            if (field.StartsWith("pname=", StringComparison.Ordinal)) process = field[6..];
            rest = rest[(close + 1)..];
        }
        if (rest.StartsWith(":", StringComparison.Ordinal)) rest = rest[1..];
        body = rest.TrimStart(' ');
        // The message is what dumplog's standard format writes after the process name: "Trace: ...",
        // "Session 7: ..." or plain text.
        if (body.StartsWith("Trace:", StringComparison.Ordinal))
        {
            body = WithoutThreadId(body[6..].TrimStart(' '));
        }
        else if (body.StartsWith("Session ", StringComparison.OrdinalIgnoreCase))
        {
            var after = body[8..];
            if (!Fields.TryLeadingInt(after, out session, out var used) || used + 1 >= after.Length || after[used] != ':') return false;
            body = after[(used + 1)..].TrimStart(' ');
        }
        return true;
    }

    /// <summary>The component an ICM process name stands for (<c>cg3A-ctisvr</c>, <c>PG2A-pim3</c>, <c>ra-rtr</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LogComponent ComponentOfProcess(ReadOnlySpan<char> process, ReadOnlySpan<char> line)
    {
        var named = ComponentOfName(process);
        if (named != LogComponent.Unknown) return named;
        if (line.Contains("MsgType:", StringComparison.Ordinal) || line.Contains("AGENT_EVENT:", StringComparison.Ordinal)) return LogComponent.CtiSvr;
        if (line.Contains("CID=(", StringComparison.Ordinal)) return LogComponent.Rtr;
        if (line.Contains("->PG:", StringComparison.Ordinal) || line.Contains("PG->", StringComparison.Ordinal)) return LogComponent.Pim;
        return LogComponent.Unknown;
    }

    /// <summary>The component the process name alone says; Unknown for other processes (<c>ra-mds</c>, <c>pg1A-opc</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LogComponent ComponentOfName(ReadOnlySpan<char> process)
    {
        var dash = process.LastIndexOf('-');
        var name = dash >= 0 ? process[(dash + 1)..] : process;
        if (name.StartsWith("ctisvr", StringComparison.OrdinalIgnoreCase)) return LogComponent.CtiSvr;
        if (name.StartsWith("pim", StringComparison.OrdinalIgnoreCase)) return LogComponent.Pim;
        if (name.StartsWith("rtr", StringComparison.OrdinalIgnoreCase) || name.StartsWith("rout", StringComparison.OrdinalIgnoreCase)) return LogComponent.Rtr;
        return LogComponent.Unknown;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(s[at]) || !char.IsAsciiDigit(s[at + 1])) return false;
        value = (s[at] - '0') * 10 + (s[at + 1] - '0');
        return true;
    }
}
