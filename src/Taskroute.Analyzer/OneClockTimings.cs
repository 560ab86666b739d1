using Taskroute.Core.Flow;
using Taskroute.Core.Tracing;

namespace Taskroute.Analyzer;

/// <summary>
/// A task's CCE timings where the logs say more than the trace can: the offer read on the desktop
/// side's clock (ctisvr's, else Finesse's, offer to start), and no timing made 0 when no log can show
/// it. The trace says whether a span applies at all; this says how long it was.
/// </summary>
internal static class OneClockTimings
{
    public static TaskTimings Of(TaskTimings trace, int ronaCount, List<LogEvent> events)
    {
        var queue = trace.Queue;
        // The trace reads no queueing as none; only the router's log can say the task was not queued.
        if (queue is not null && ronaCount == 0 && !events.Exists(e => e.Component == LogComponent.Rtr))
            queue = null;

        return new TaskTimings(trace.Delay, queue, trace.Network, Offer(trace.Offer, events), trace.Handle);
    }

    // The trace counts a start with no offer before it as offered in no time (a desktop may start a
    // task directly) and an offer only after a reservation it saw; the logs say when the offer came.
    private static long? Offer(long? traced, List<LogEvent> events)
    {
        if (traced is null) return null;
        foreach (var c in (ReadOnlySpan<LogComponent>)[LogComponent.CtiSvr, LogComponent.WebServices])
        {
            if ((First(events, c, MessageType.START_TASK_IND) ?? First(events, c, MessageType.START_TASK_EVENT)) is not { } start) continue;
            if ((Last(events, c, MessageType.OFFER_TASK_IND, start) ?? Last(events, c, MessageType.OFFER_TASK_EVENT, start)) is { } offer)
                return start - offer;
        }
        return traced;
    }

    private static long? First(List<LogEvent> events, LogComponent component, MessageType type)
    {
        foreach (var e in events)
            if (e.Type == type && e.Component == component) return e.Time;
        return null;
    }

    private static long? Last(List<LogEvent> events, LogComponent component, MessageType type, long until)
    {
        long? last = null;
        foreach (var e in events)
        {
            if (e.Time > until) break;
            if (e.Type == type && e.Component == component) last = e.Time;
        }
        return last;
    }
}
