using Taskroute.Core.Waiting;

namespace Taskroute.Core.Tests.Waiting;

public class ServiceRateTests
{
    [Fact]
    public void The_estimate_is_the_queue_ahead_over_the_last_five_minutes_service_rate()
    {
        var rate = new ServiceRate(1);
        Assert.Null(rate.EstimatedWaitSeconds(0, 10, 1_000_000));
        for (var i = 0; i < 30; i++) rate.Routed(0, 1_000_000 + i * 1000); // 30 tasks in 30 s
        Assert.Equal(30 / 300.0, rate.PerSecond(0, 1_030_000), 6);
        Assert.Equal(110, rate.EstimatedWaitSeconds(0, 10, 1_030_000)); // 11 tasks to go, one every 10 s
        Assert.Equal(0, rate.PerSecond(0, 1_030_000 + 400_000)); // the window has moved past them
    }
}
