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
        var offered = c[Counter.ServiceLevelOffered];
        var answered = c[Counter.ServiceLevelAnswered];
        var abandoned = c[Counter.ServiceLevelAbandoned];
        var ignoring = Percent(answered, offered - abandoned);
        var negative = Percent(answered, offered);
        var positive = Percent(answered + abandoned, offered);
        var busy = c[Counter.ReservedMs] + c[Counter.ActiveMs] + c[Counter.PausedMs] + c[Counter.InterruptedMs] + c[Counter.WorkMs];
        return new IntervalFigures(
            type switch { ServiceLevelType.AbandonedNegative => negative, ServiceLevelType.AbandonedPositive => positive, _ => ignoring },
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
            var offered = c[Counter.ServiceLevelOffered];
            var answered = c[Counter.ServiceLevelAnswered];
            var abandoned = c[Counter.ServiceLevelAbandoned];
            (part, whole) = type switch
            {
                ServiceLevelType.AbandonedNegative => (part + answered, whole + offered),
                ServiceLevelType.AbandonedPositive => (part + answered + abandoned, whole + offered),
                _ => (part + answered, whole + offered - abandoned),
            };
        }
        return Percent(part, whole);
    }

    private static double? Percent(long part, long whole) => whole > 0 ? Math.Round(100.0 * part / whole, 2) : null;

    private static double? Average(long sum, long count) => count > 0 ? Math.Round((double)sum / count, 1) : null;
}
