using Taskroute.Core.Flow;

namespace Taskroute.Core.Reporting;

public sealed partial class ReportBuilder
{
    private readonly Dictionary<(int Agent, int Mrd), AgentSpan> _agents = [];

    /// <summary>The agents' current states: time since then is not counted yet.</summary>
    public IReadOnlyList<AgentSpan> AgentSpans() =>
        [.. _agents.Values.OrderBy(s => s.AgentId).ThenBy(s => s.MrdId)];

    /// <summary>
    /// The time agents have spent in their current states up to <paramref name="now"/>, per interval:
    /// what a report of the current interval adds to what is counted.
    /// </summary>
    public static Dictionary<(long Start, ReportKey Key), IntervalCounters> OpenTime(IEnumerable<AgentSpan> spans, long now, long intervalMs)
    {
        var rows = new Dictionary<(long, ReportKey), IntervalCounters>();
        foreach (var span in spans) Accrue(rows, span, now, intervalMs);
        return rows;
    }

    private void ChangeAgentState(in FlowEvent e)
    {
        var key = (e.AgentId, e.MrdId);
        if (_agents.TryGetValue(key, out var span) && _counting) Accrue(_changes, span, e.Time, _intervalMs);
        if (e.AgentState == AgentState.LOGOUT) _agents.Remove(key);
        // A new reason in the same Not Ready state comes as an event of its own, and starts a span of its own.
        else _agents[key] = new AgentSpan(e.AgentId, e.LoginId != 0 ? e.LoginId : LoginOf(e.AgentId), e.MrdId, e.AgentState, e.Time,
            e.AgentState == AgentState.NOT_READY ? e.ReasonCode : 0);
    }

    // Splits the span's time at interval boundaries and adds it to the agent's and the MRD's rows.
    private static void Accrue(Dictionary<(long, ReportKey), IntervalCounters> rows, AgentSpan span, long until, long intervalMs)
    {
        var counter = StateCounter(span.State);
        var agent = ReportKey.Agent(span.LoginId);
        var mrd = ReportKey.Mrd(span.MrdId);
        for (var from = span.Since; from < until;)
        {
            var start = FloorTo(from, intervalMs);
            var to = Math.Min(until, start + intervalMs);
            foreach (var key in (ReadOnlySpan<ReportKey>)[agent, mrd])
            {
                if (!rows.TryGetValue((start, key), out var row))
                {
                    row = new IntervalCounters();
                    rows.Add((start, key), row);
                }
                row[Counter.LoggedInMs] += to - from;
                if (counter is { } c) row[c] += to - from;
                if (counter == Counter.NotReadyMs) row.AddNotReady(span.ReasonCode, to - from);
            }
            from = to;
        }
    }

    private static Counter? StateCounter(AgentState state) => state switch
    {
        AgentState.NOT_READY => Counter.NotReadyMs,
        AgentState.NOT_ACTIVE => Counter.AvailableMs,
        AgentState.RESERVED => Counter.ReservedMs,
        AgentState.ACTIVE => Counter.ActiveMs,
        AgentState.PAUSED => Counter.PausedMs,
        AgentState.INTERRUPTED => Counter.InterruptedMs,
        AgentState.WORK => Counter.WorkMs,
        _ => null,
    };
}
