using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// Steps 3 and 4 as the logs given show them. The trace takes the first reservation for the script's
/// run, but only the router's log shows that run: ctisvr's pre-call is its result, received on another
/// server. Step 4 is three messages on two PGs (the Agent PG's pre-call and the agent RESERVED, the MR
/// PG's CONNECT): when only some are logged, the anomaly names which are and which are not.
/// </summary>
internal static class PartialSteps
{
    public static void Mend(List<FoundStep> steps, List<TaskAnomaly> anomalies, List<LogEvent> events)
    {
        if (steps[2].Found && !events.Exists(e => e.Component == LogComponent.Rtr))
        {
            steps[2] = steps[2] with { At = null };
            // Among the other missing steps, in their order.
            var later = anomalies.FindIndex(a => a.Kind == AnomalyKind.MissingStep && a.Detail.StartsWith("step ", StringComparison.Ordinal) && a.Detail.Length > 5 && a.Detail[5] > '3');
            anomalies.Insert(later < 0 ? anomalies.Count : later, new TaskAnomaly(AnomalyKind.MissingStep, null,
                $"step 3 missing: {steps[2].Name}: no router log is given, which alone shows the script run (ctisvr's pre-call is its result)"));
        }

        var at = anomalies.FindIndex(a => a.Kind == AnomalyKind.MissingStep && a.Detail.StartsWith("step 4 ", StringComparison.Ordinal));
        if (at < 0) return;
        var logged = new List<string>();
        var absent = new List<string>();
        void Part(bool found, string what) => (found ? logged : absent).Add(what);
        Part(events.Exists(e => e.Type == MessageType.DEVICE_TARGET_PRE_CALL_IND), "DEVICE_TARGET_PRE_CALL_IND");
        Part(events.Exists(e => e.Type == MessageType.AGENT_EVENT && e.AgentState == AgentState.RESERVED), "the agent RESERVED");
        Part(events.Exists(e => e.Type == MessageType.CONNECT), "the MR PG's CONNECT");
        if (logged.Count == 0) return;
        anomalies[at] = anomalies[at] with
        {
            Detail = $"step 4 missing: {string.Join(" and ", absent)} {(absent.Count == 1 ? "is" : "are")} not in the logs ({string.Join(" and ", logged)} {(logged.Count == 1 ? "is" : "are")})",
        };
    }
}
