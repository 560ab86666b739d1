using Taskroute.Core.Flow;
using Taskroute.Core.Tracing;

namespace Taskroute.Analyzer;

/// <summary>
/// A task's CCE timings read, wherever the logs allow, between two lines of one component's log, so
/// that no span measures two servers' clocks: delay on the router's (its NewCall to its first answer,
/// queued or an agent reserved), queue on the router's (that answer to its last reservation), network
/// on the Agent PG's (ctisvr's DEVICE_TARGET_PRE_CALL_IND to its OFFER_TASK_IND, as Cisco defines it:
/// when the Agent PG receives the pre-call to when it receives the offer), offer on the desktop side's
/// (ctisvr's, else Finesse's, offer to start). The trace says whether a span applies at all; this says
/// how long it was. Where no one log holds both ends the trace's reading, across clocks, stands, but a
/// span the logs cannot show is unknown, never 0.
/// </summary>
internal static class OneClockTimings
{
    public static TaskTimings Of(TaskTimings trace, int ronaCount, List<LogEvent> events)
    {
        var delay = trace.Delay;
        var queue = trace.Queue;
        var routedAt = RouterAnswer(events);
        if (delay is not null && First(events, LogComponent.Rtr, MessageType.NEW_CALL) is { } newCall && routedAt is { } answered && answered >= newCall)
            delay = answered - newCall;

        var routerQueued = First(events, LogComponent.Rtr, MessageType.QUEUED_TASK_EVENT) is not null;
        if (queue is not null)
        {
            if (routedAt is { } from && Last(events, LogComponent.Rtr, MessageType.DEVICE_TARGET_PRE_CALL_IND, long.MaxValue) is { } reserved && reserved >= from)
                queue = routerQueued || ronaCount > 0 ? reserved - from : 0;
            // The trace reads no queueing as none; only the router's log can say the task was not queued.
            else if (!routerQueued && ronaCount == 0 && !events.Exists(e => e.Component == LogComponent.Rtr))
                queue = null;
        }

        var network = trace.Network;
        var start = First(events, LogComponent.CtiSvr, MessageType.START_TASK_IND) ?? First(events, LogComponent.CtiSvr, MessageType.START_TASK_EVENT);
        var until = start ?? long.MaxValue;
        var offered = Last(events, LogComponent.CtiSvr, MessageType.OFFER_TASK_IND, until) ?? Last(events, LogComponent.CtiSvr, MessageType.OFFER_TASK_EVENT, until);
        if (network is not null && (offered ?? start) is { } reached && Last(events, LogComponent.CtiSvr, MessageType.DEVICE_TARGET_PRE_CALL_IND, reached) is { } preCall)
            network = reached - preCall;

        return new TaskTimings(delay, queue, network, Offer(trace.Offer, events), trace.Handle);
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

    // The router's first answer to the route request: the task queued, or an agent reserved.
    private static long? RouterAnswer(List<LogEvent> events)
    {
        var queued = First(events, LogComponent.Rtr, MessageType.QUEUED_TASK_EVENT);
        var reserved = First(events, LogComponent.Rtr, MessageType.DEVICE_TARGET_PRE_CALL_IND);
        return queued is { } q && reserved is { } r ? Math.Min(q, r) : queued ?? reserved;
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
