using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Lines read twice: the same line of the same component in two files, as a copy of a log or two
/// dumplogs whose hours overlap give. Engineers collect logs that overlap as a matter of course;
/// read twice, every message of those hours would show twice and every step look repeated.
/// The same goes for a duplexed process's two sides (<c>ra-rtr</c> and <c>rb-rtr</c>), which handle
/// every message in step and log it at the same millisecond with the same text but for the side letter.
/// </summary>
internal static class Duplicates
{
    // How far back among the events of the same millisecond a duplicate is looked for.
    private const int Reach = 64;

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
                if (OtherSide(earlierText, text))
                {
                    repeat = true;
                    sides++;
                    break;
                }
            }
            if (!repeat) timeOrdered[kept++] = e;
        }
        var dropped = timeOrdered.Count - kept;
        if (dropped > 0) timeOrdered.RemoveRange(kept, dropped);
        return dropped;
    }

    // The fields first, each cheap; the line's text only when every field matched, which only a repeat does.
    private static bool SameFields(LogEvent a, LogEvent b) =>
        a.Component == b.Component && a.Time == b.Time && ReferenceEquals(a.Message, b.Message) | a.Message == b.Message &&
        a.ContactId == b.ContactId && a.DialogueId == b.DialogueId && a.RouterCallKeyDay == b.RouterCallKeyDay && a.RouterCallKey == b.RouterCallKey &&
        a.TaskId == b.TaskId && a.AgentId == b.AgentId && a.LoginId == b.LoginId && a.InvokeId == b.InvokeId && a.MrdId == b.MrdId &&
        a.AgentState == b.AgentState;

    /// <summary>
    /// True when the two texts differ only in the side letter of their process names, A against B
    /// just before the dash (<c>ra-rtr</c> and <c>rb-rtr</c>, <c>cg3A-ctisvr</c> and <c>cg3B-ctisvr</c>), on each line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool OtherSide(string a, string b)
    {
        if (a.Length != b.Length) return false;
        var at = a.AsSpan().CommonPrefixLength(b);
        if (at == a.Length) return false;
        while (at < a.Length)
        {
            if (at + 1 >= a.Length || a[at + 1] != '-' || ((a[at] | 0x20) != 'a' || (b[at] | 0x20) != 'b') && ((a[at] | 0x20) != 'b' || (b[at] | 0x20) != 'a') ||
                !InProcessName(a, at))
                return false;
            at++;
            var same = a.AsSpan(at).CommonPrefixLength(b.AsSpan(at));
            at += same;
        }
        return true;
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
