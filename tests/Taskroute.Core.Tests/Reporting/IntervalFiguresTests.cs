using Taskroute.Core.Configuration;
using Taskroute.Core.Reporting;

namespace Taskroute.Core.Tests.Reporting;

public class IntervalFiguresTests
{
    private static IntervalCounters Counters(long offered, long answered, long abandoned)
    {
        var c = new IntervalCounters();
        c[Counter.ServiceLevelOffered] = offered;
        c[Counter.ServiceLevelAnswered] = answered;
        c[Counter.ServiceLevelAbandoned] = abandoned;
        return c;
    }

    [Fact]
    public void A_total_over_mrds_with_different_rules_for_abandons_counts_each_under_its_own()
    {
        // 2 of 5 (2 abandons ignored: 2/3), 2 of 3 against (2/3), 2 of 2 with 1 abandon for (2/2): 6 of 8.
        var rows = new[]
        {
            (Counters(5, 2, 2), ServiceLevelType.IgnoreAbandoned),
            (Counters(3, 2, 1), ServiceLevelType.AbandonedNegative),
            (Counters(2, 1, 1), ServiceLevelType.AbandonedPositive),
        };
        Assert.Equal(75.0, IntervalFigures.ServiceLevelOf(rows));
        // Listed in another order, the same: no MRD's rule stands for the others.
        Assert.Equal(75.0, IntervalFigures.ServiceLevelOf(rows.Reverse()));
        Assert.Null(IntervalFigures.ServiceLevelOf([]));
    }
}
