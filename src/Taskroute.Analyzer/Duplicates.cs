using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Lines read twice: the same line of the same component in two files, as a copy of a log or two
/// dumplogs whose hours overlap give. Engineers collect logs that overlap as a matter of course;
/// read twice, every message of those hours would show twice and every step look repeated.
/// </summary>
internal static class Duplicates
{
    // How far back among the events of the same millisecond a duplicate is looked for.
    private const int Reach = 64;

    /// <summary>Removes, from events in time order, each that repeats an earlier one from another file; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Drop(List<LogEvent> timeOrdered)
    {
        var kept = 0;
        var runStart = 0;
        for (var i = 0; i < timeOrdered.Count; i++)
        {
            var e = timeOrdered[i];
            if (kept == 0 || timeOrdered[kept - 1].Time != e.Time) runStart = kept;
            var repeat = false;
            for (var j = kept - 1; j >= runStart && j >= kept - Reach; j--)
            {
                if (Same(timeOrdered[j], e))
                {
                    repeat = true;
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
    private static bool Same(LogEvent a, LogEvent b) =>
        a.Component == b.Component && a.Time == b.Time && ReferenceEquals(a.Message, b.Message) | a.Message == b.Message &&
        a.ContactId == b.ContactId && a.DialogueId == b.DialogueId && a.RouterCallKeyDay == b.RouterCallKeyDay && a.RouterCallKey == b.RouterCallKey &&
        a.TaskId == b.TaskId && a.AgentId == b.AgentId && a.LoginId == b.LoginId && a.InvokeId == b.InvokeId && a.MrdId == b.MrdId &&
        a.AgentState == b.AgentState && a.Source != b.Source && a.Raw == b.Raw;
}
