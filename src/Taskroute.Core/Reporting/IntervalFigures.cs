using Taskroute.Core.Configuration;

namespace Taskroute.Core.Reporting;

/// <summary>
/// The figures managers read, derived from a row's counters: null where there is nothing to divide
/// by. Service levels are percentages under CCE's three rules for abandons; <see cref="ServiceLevel"/>
/// is the one the row's MRD is configured for.
/// </summary>
public sealed record IntervalFigures(
    double? ServiceLevel,
    double? ServiceLevelIgnoringAbandons,
    double? ServiceLevelAbandonsNegative,
    double? ServiceLevelAbandonsPositive,
    double? AverageSpeedOfAnswerMs,
    double? AverageQueueMs,
    long LongestQueueMs,
    double? AverageHandleMs,
    double? Occupancy)
{
    public static IntervalFigures From(IntervalCounters c, ServiceLevelType type)
    {
        var ignoring = Percent(ServiceLevelShare(c, ServiceLevelType.IgnoreAbandoned));
        var negative = Percent(ServiceLevelShare(c, ServiceLevelType.AbandonedNegative));
        var positive = Percent(ServiceLevelShare(c, ServiceLevelType.AbandonedPositive));
        var busy = c[Counter.ReservedMs] + c[Counter.ActiveMs] + c[Counter.PausedMs] + c[Counter.InterruptedMs] + c[Counter.WorkMs];
        return new IntervalFigures(
            Percent(ServiceLevelShare(c, type)),
            ignoring, negative, positive,
            Average(c[Counter.AnswerWaitMs], c[Counter.Answered]),
            Average(c[Counter.QueueTimeMs], c[Counter.QueueLeft]),
            c[Counter.LongestQueueMs],
            Average(c[Counter.HandleTimeMs], c[Counter.Handled]),
            // Occupancy leaves not-ready time out: of the time agents could work, the share they did.
            busy + c[Counter.AvailableMs] > 0 ? Math.Round(100.0 * busy / (busy + c[Counter.AvailableMs]), 2) : null);
    }

    /// <summary>The service level of rows whose MRDs may count abandons by different rules: each row's part and whole under its own rule, summed.</summary>
    public static double? ServiceLevelOf(IEnumerable<(IntervalCounters Counters, ServiceLevelType Type)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        long part = 0, whole = 0;
        foreach (var (c, type) in rows)
        {
            var share = ServiceLevelShare(c, type);
            part += share.Part;
            whole += share.Whole;
        }
        return Percent((part, whole));
    }

    // CCE's three rules for tasks abandoned within the threshold: left out, counted as missed, or counted as met.
    private static (long Part, long Whole) ServiceLevelShare(IntervalCounters c, ServiceLevelType type)
    {
        var offered = c[Counter.ServiceLevelOffered];
        var answered = c[Counter.ServiceLevelAnswered];
        var abandoned = c[Counter.ServiceLevelAbandoned];
        return type switch
        {
            ServiceLevelType.AbandonedNegative => (answered, offered),
            ServiceLevelType.AbandonedPositive => (answered + abandoned, offered),
            _ => (answered, offered - abandoned),
        };
    }

    private static double? Percent((long Part, long Whole) share) => share.Whole > 0 ? Math.Round(100.0 * share.Part / share.Whole, 2) : null;

    private static double? Average(long sum, long count) => count > 0 ? Math.Round((double)sum / count, 1) : null;
}
