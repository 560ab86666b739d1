using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Lines read twice: the same line of the same component in two files, as a copy of a log or two
/// dumplogs whose hours overlap give. Engineers collect logs that overlap as a matter of course;
/// read twice, every message of those hours would show twice and every step look repeated.
/// The same goes for a duplexed process's two sides (<c>ra-rtr</c> and <c>rb-rtr</c>), which handle
/// every message in step and log it with the same text but for the side letter, at the same
/// millisecond or, their clocks a few milliseconds apart, nearly so.
/// </summary>
internal static class Duplicates
{
    // How far back among the events of the same millisecond a duplicate is looked for.
    private const int Reach = 64;

    // How far apart in time the two sides of a duplexed process may log one message: their clocks
    // are kept in step, a few milliseconds apart at most, while the same message again is seconds away.
    internal const long SideSkew = 1_000;

    // How many earlier events, of every component, are looked through for the other side's copy.
    private const int SideReach = 256;

    /// <summary>Removes, from events in time order, each that repeats an earlier one from another file; returns how many.</summary>
    public static int Drop(List<LogEvent> timeOrdered) => Drop(timeOrdered, out _, out _);

    /// <summary>
    /// As above; <paramref name="sides"/> is how many of them were the other side's copy of a duplexed
    /// process's line, <paramref name="sessions"/> how many were ctisvr's copy of an agent state for another client session.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Drop(List<LogEvent> timeOrdered, out int sides, out int sessions)
    {
        sides = 0;
        sessions = 0;
        var kept = 0;
        var runStart = 0;
        // Only a component read from more than one file can have its two sides' lines in two files:
        // the others are never looked through beyond the same millisecond.
        var twoFiles = ReadFromTwoFiles(timeOrdered);
        // The kept events already taken for one side's copy of the other's: each pairs once.
        PairedSides? paired = null;
        for (var i = 0; i < timeOrdered.Count; i++)
        {
            var e = timeOrdered[i];
            if (kept == 0 || timeOrdered[kept - 1].Time != e.Time) runStart = kept;
            var repeat = false;
            for (var j = kept - 1; j >= runStart && j >= kept - Reach; j--)
            {
                var earlier = timeOrdered[j];
                // A copy, or the other side's line, is always in another file: one file's own lines
                // (a message dumped over several lines of one millisecond) are never read back here,
                // but for ctisvr's agent states, which it dumps once per client session it sends them to.
                if (!SameFields(earlier, e)) continue;
                // In its own file or a copy of it: a copy's session copy meets the one kept from the first file.
                var agentState = e.Component == LogComponent.CtiSvr && e.Message == "AGENT_EVENT";
                if (earlier.Source == e.Source && !agentState) continue;
                if (agentState && OtherSession(earlier.Raw, e.Raw))
                {
                    repeat = true;
                    sessions++;
                    break;
                }
                if (earlier.Source == e.Source) continue;
                // Texts of other lengths are no copies: the lines are not read back to say so.
                if (earlier.Lines.IsKept && e.Lines.IsKept && earlier.Lines.Chars != e.Lines.Chars) continue;
                string earlierText = earlier.Raw, text = e.Raw;
                if (earlierText == text)
                {
                    repeat = true;
                    break;
                }
                if (OtherSide(earlierText, text) && paired?.Contains(earlier) != true)
                {
                    repeat = true;
                    sides++;
                    (paired ??= new PairedSides()).Add(earlier, e.Time);
                    break;
                }
            }
            if (!repeat && (twoFiles & (1 << (int)e.Component)) != 0 && OtherSideNearby(timeOrdered, kept, e, paired) is { } side)
            {
                repeat = true;
                sides++;
                (paired ??= new PairedSides()).Add(side, e.Time);
            }
            if (!repeat) timeOrdered[kept++] = e;
        }
        var dropped = timeOrdered.Count - kept;
        if (dropped > 0) timeOrdered.RemoveRange(kept, dropped);
        return dropped;
    }

    // A bit per component read from two files or more.
    private static int ReadFromTwoFiles(List<LogEvent> events)
    {
        var sources = new string?[32];
        var two = 0;
        foreach (var e in events)
        {
            var c = (int)e.Component;
            var source = e.Source;
            if (sources[c] is null) sources[c] = source;
            else if (!ReferenceEquals(sources[c], source) && sources[c] != source) two |= 1 << c;
        }
        return two;
    }

    /// <summary>
    /// The kept event, logged less than <see cref="SideSkew"/> before <paramref name="e"/> in another
    /// file, that is the other side's copy of it, the closest in time; none when each such copy has
    /// already been paired (a message one side logged twice and the other once is two messages).
    /// </summary>
    private static LogEvent? OtherSideNearby(List<LogEvent> timeOrdered, int kept, LogEvent e, PairedSides? paired)
    {
        for (var j = kept - 1; j >= 0 && j >= kept - SideReach; j--)
        {
            var earlier = timeOrdered[j];
            if (e.Time - earlier.Time > SideSkew) break;
            if (earlier.Time == e.Time || !SameFieldsButTime(earlier, e) || earlier.Source == e.Source) continue;
            if (earlier.Lines.IsKept && e.Lines.IsKept && earlier.Lines.Chars != e.Lines.Chars) continue;
            if (paired?.Contains(earlier) == true) continue;
            if (OtherSide(earlier.Raw, e.Raw, stampsMayDiffer: true)) return earlier;
        }
        return null;
    }

    // The fields first, each cheap; the line's text only when every field matched, which only a repeat does.
    private static bool SameFields(LogEvent a, LogEvent b) => a.Time == b.Time && SameFieldsButTime(a, b);

    private static bool SameFieldsButTime(LogEvent a, LogEvent b) =>
        a.Component == b.Component && ReferenceEquals(a.Message, b.Message) | a.Message == b.Message &&
        a.ContactId == b.ContactId && a.DialogueId == b.DialogueId && a.RouterCallKeyDay == b.RouterCallKeyDay && a.RouterCallKey == b.RouterCallKey &&
        a.TaskId == b.TaskId && a.AgentId == b.AgentId && a.LoginId == b.LoginId && a.InvokeId == b.InvokeId && a.MrdId == b.MrdId &&
        a.AgentState == b.AgentState;

    /// <summary>
    /// True when the two texts differ only in the side letter of their process names, A against B
    /// just before the dash (<c>ra-rtr</c> and <c>rb-rtr</c>, <c>cg3A-ctisvr</c> and <c>cg3B-ctisvr</c>), on each line;
    /// with <paramref name="stampsMayDiffer"/>, in the digits of the time stamps that start the lines as well.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool OtherSide(string a, string b, bool stampsMayDiffer = false)
    {
        if (a.Length != b.Length) return false;
        var at = a.AsSpan().CommonPrefixLength(b);
        if (at == a.Length) return false;
        var sides = false;
        while (at < a.Length)
        {
            if (stampsMayDiffer && char.IsAsciiDigit(a[at]) && char.IsAsciiDigit(b[at]) && InStamp(a, at))
            {
                at++;
            }
            else
            {
                if (at + 1 >= a.Length || a[at + 1] != '-' || ((a[at] | 0x20) != 'a' || (b[at] | 0x20) != 'b') && ((a[at] | 0x20) != 'b' || (b[at] | 0x20) != 'a') ||
                    !InProcessName(a, at))
                    return false;
                sides = true;
                at++;
            }
            var same = a.AsSpan(at).CommonPrefixLength(b.AsSpan(at));
            at += same;
        }
        // Lines alike but for their times are one side's message logged twice, not the two sides'.
        return sides;
    }

    // The line's first column, or its first two with a date before the time: digits and their separators only.
    private static bool InStamp(string text, int at)
    {
        var line = text.AsSpan(0, at);
        line = line[(line.LastIndexOf('\n') + 1)..];
        return line.Count(' ') <= 1 && !line.ContainsAnyExcept("0123456789:./ ");
    }

    /// <summary>
    /// True when the two texts differ only in the client session's number of their <c>Session N:</c>
    /// lines: ctisvr's one agent state sent to two clients (Finesse and a recorder, say).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool OtherSession(string a, string b)
    {
        int i = 0, j = 0;
        var differed = false;
        while (true)
        {
            var same = a.AsSpan(i).CommonPrefixLength(b.AsSpan(j));
            i += same;
            j += same;
            if (i == a.Length && j == b.Length) return differed;
            // The first difference must be in a session's number: back to where its digits start.
            while (i > 0 && j > 0 && char.IsAsciiDigit(a[i - 1])) { i--; j--; }
            if (i < 8 || !a.AsSpan(i - 8, 8).Equals("Session ", StringComparison.OrdinalIgnoreCase)) return false;
            var aDigits = i;
            while (aDigits < a.Length && char.IsAsciiDigit(a[aDigits])) aDigits++;
            var bDigits = j;
            while (bDigits < b.Length && char.IsAsciiDigit(b[bDigits])) bDigits++;
            if (aDigits == i || bDigits == j || aDigits == a.Length || bDigits == b.Length || a[aDigits] != ':' || b[bDigits] != ':') return false;
            i = aDigits;
            j = bDigits;
            differed = true;
        }
    }

    // The process name is the line's second column (third after a date): at most two separators before it.
    private static bool InProcessName(string text, int at)
    {
        var line = text.AsSpan(0, at);
        var start = line.LastIndexOf('\n');
        line = line[(start + 1)..];
        return line.Count(' ') + line.Count('\t') is >= 1 and <= 2;
    }
}
