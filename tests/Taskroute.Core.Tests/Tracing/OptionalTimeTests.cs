using CsCheck;
using Taskroute.Core.Tracing;

namespace Taskroute.Core.Tests.Tracing;

public class OptionalTimeTests
{
    [Fact]
    public void A_time_never_set_reads_as_none()
    {
        OptionalTime time = default;
        Assert.False(time.HasValue);
        Assert.Null((long?)time);
        Assert.Equal(42, time.Or(42));
    }

    [Fact]
    public void Every_time_a_clock_can_give_reads_back_as_set_zero_and_negatives_included()
    {
        Gen.Long.Where(t => t != long.MinValue).Sample(t =>
        {
            OptionalTime time = t;
            return time.HasValue && time.Value == t && (long?)time == t;
        });
        OptionalTime zero = 0L;
        Assert.True(zero.HasValue);
    }

    [Fact]
    public void Set_once_keeps_the_first_time_and_null_clears_it()
    {
        OptionalTime time = default;
        time.SetOnce(1_000);
        time.SetOnce(2_000);
        Assert.Equal(1_000, time.Value);
        Assert.Equal(1_000, time.Or(42));
        time = (long?)null;
        Assert.False(time.HasValue);
        time.SetOnce(3_000);
        Assert.Equal(3_000, time.Value);
    }
}
