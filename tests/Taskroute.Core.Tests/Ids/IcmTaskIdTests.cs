using Taskroute.Core.Ids;

namespace Taskroute.Core.Tests.Ids;

public class IcmTaskIdTests
{
    [Theory]
    [InlineData("154526:37051928:1")]
    [InlineData("154526/37051928/1")]
    [InlineData("154526_37051928_1")]
    [InlineData("154526:37051928: 1")]
    public void All_three_cce_forms_parse_to_the_same_task_id(string text)
    {
        Assert.True(IcmTaskId.TryParse(text, out var id));
        Assert.Equal(new IcmTaskId(154526, 37051928, 1), id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("154526")]
    [InlineData("154526:37051928")]
    [InlineData("154526:x:1")]
    [InlineData("1:2:3:4")]
    [InlineData("-1:-1:-1")]
    public void Malformed_task_ids_are_refused(string text) => Assert.False(IcmTaskId.TryParse(text, out _));

    [Fact]
    public void A_task_id_prints_in_each_components_form()
    {
        var id = new IcmTaskId(154526, 37051928, 1);
        Assert.Equal("154526:37051928:1", id.ToString());
        Assert.Equal("154526/37051928/1", id.ToSessionForm());
        Assert.Equal("154526_37051928_1", id.ToDialogId());
    }

    [Fact]
    public void Router_call_key_day_counts_days_since_1601_and_the_seeds_day_is_154526()
    {
        var seed = new DateTimeOffset(2024, 1, 30, 13, 55, 49, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(154526, RouterCallKeyDay.FromUnixMilliseconds(seed));
        Assert.Equal(new DateOnly(2024, 1, 30), RouterCallKeyDay.ToDate(154526));
        Assert.Equal(134774, RouterCallKeyDay.FromUnixMilliseconds(0));
        Assert.Equal(134773, RouterCallKeyDay.FromUnixMilliseconds(-1));
    }
}
