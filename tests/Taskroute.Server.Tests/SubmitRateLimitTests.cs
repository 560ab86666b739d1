using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Server.Hosting;
using Taskroute.Server.RateLimiting;

namespace Taskroute.Server.Tests;

/// <summary>
/// A limit on how many tasks one client may submit (Taskroute:SubmitsPerSecond, Taskroute:SubmitBurst):
/// a client past its burst is answered 429 with Retry-After in the API's own error format and its
/// submit creates nothing; other clients go on; tokens come back with the server's clock.
/// </summary>
public class SubmitRateLimitTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_bucket_gives_its_burst_then_refuses_saying_when_the_next_token_comes_and_refills_with_the_clock()
    {
        var time = Clock();
        using var bucket = new ClockedTokenBucket(perSecond: 2, burst: 3, time);
        for (var i = 0; i < 3; i++) Assert.True(bucket.AttemptAcquire().IsAcquired);

        using var refused = bucket.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(0.5), wait);

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(bucket.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.AttemptAcquire().IsAcquired);
        Assert.False(bucket.AttemptAcquire().IsAcquired);

        // A long quiet spell fills the bucket to its burst, no further.
        time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++) Assert.True(bucket.AttemptAcquire().IsAcquired);
        Assert.False(bucket.AttemptAcquire().IsAcquired);
        Assert.Equal(7, bucket.GetStatistics()!.TotalSuccessfulLeases);
        Assert.Equal(4, bucket.GetStatistics()!.TotalFailedLeases);
    }

    [Fact]
    public void A_bucket_is_idle_only_once_full_and_counts_idle_time_from_when_it_filled()
    {
        var time = Clock();
        using var bucket = new ClockedTokenBucket(perSecond: 1, burst: 2, time);
        Assert.Equal(TimeSpan.Zero, bucket.IdleDuration);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), bucket.IdleDuration);

        Assert.True(bucket.AttemptAcquire(2).IsAcquired);
        Assert.Null(bucket.IdleDuration);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(bucket.IdleDuration);
        // Full again 2 s after it was emptied: 3 s later it has been idle for 1.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.IdleDuration);
    }

    [Fact]
    public async Task A_client_past_its_burst_gets_429_with_retry_after_in_each_apis_format_creates_nothing_and_other_clients_go_on()
    {
        var time = Clock();
        await using var server = await TestServer.StartAsync(time: time, configure: o => { o.SubmitsPerSecond = 2; o.SubmitBurst = 3; o.ComponentLogs = false; });
        var json = new { name = "chat", title = "Chat", scriptSelector = "CumulusTask" };

        var first = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await server.Client.PostAsJsonAsync("/api/v1/tasks", json);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
            first.Add(accepted.Headers.Location!.ToString());
        }

        using (var refused = await server.Client.PostAsJsonAsync("/api/v1/tasks", json))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            Assert.Contains("127.0.0.1", detail, StringComparison.Ordinal);
            Assert.Contains("2 tasks a second, 3 at most at once", detail, StringComparison.Ordinal);
        }

        // The CCP Task API shares the limit, and refuses in its own format.
        using (var ccp = await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name>chat</name><title>Chat</title><scriptSelector>CumulusTask</scriptSelector></Task>", Encoding.UTF8, "application/xml")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, ccp.StatusCode);
            Assert.NotNull(ccp.Headers.RetryAfter);
            var body = await ccp.Content.ReadAsStringAsync();
            Assert.StartsWith("<apiErrors>", body.TrimStart(), StringComparison.Ordinal);
            Assert.Contains("<errorData>Task</errorData>", body, StringComparison.Ordinal);
        }
        using (var form = await server.Client.GetAsync("/ccp/task/feed/100000?name=chat&title=Chat&scriptSelector=CumulusTask"))
            Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);

        // Reading a task is not a submit: a client that polls its contacts goes on while refused new ones.
        using (var read = await server.Client.GetAsync(first[0]))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // Another client, named by a proxy on this host, has a bucket of its own.
        using (var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = JsonContent.Create(json) })
        {
            elsewhere.Headers.Add("X-Forwarded-For", "198.51.100.7");
            using var accepted = await server.Client.SendAsync(elsewhere);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        // Refused submits made nothing: the engine holds the four accepted tasks only.
        Assert.Equal(4, await server.Host.QueryAsync((engine, _) => engine.Contacts.Count()));

        // A second later two more tokens are there, and no third.
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await server.Client.PostAsJsonAsync("/api/v1/tasks", json);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }
        using (var refusedAgain = await server.Client.PostAsJsonAsync("/api/v1/tasks", json))
            Assert.Equal(HttpStatusCode.TooManyRequests, refusedAgain.StatusCode);
        Assert.Equal(6, await server.Host.QueryAsync((engine, _) => engine.Contacts.Count()));
    }

    [Fact]
    public async Task Without_a_configured_limit_no_submit_is_refused_for_its_rate()
    {
        await using var server = await TestServer.StartAsync(time: Clock(), configure: o => o.ComponentLogs = false);
        for (var i = 0; i < 50; i++)
        {
            using var accepted = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = $"n{i}", title = "t", scriptSelector = "CumulusTask" });
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }
    }

    [Theory]
    [InlineData(-1, 0, "Taskroute:SubmitsPerSecond")]
    [InlineData(double.NaN, 0, "Taskroute:SubmitsPerSecond")]
    [InlineData(5, -2, "Taskroute:SubmitBurst")]
    [InlineData(0, 5, "Taskroute:SubmitBurst (5) needs Taskroute:SubmitsPerSecond")]
    public void Settings_out_of_range_or_alone_are_named(double perSecond, int burst, string named)
    {
        var options = new ServerOptions { SubmitsPerSecond = perSecond, SubmitBurst = burst };
        Assert.Contains(options.Problems(), p => p.StartsWith(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5, 0, 1)]
    [InlineData(2.5, 0, 3)]
    [InlineData(10, 0, 10)]
    [InlineData(10, 40, 40)]
    public void The_burst_is_a_seconds_worth_unless_set(double perSecond, int burst, int expected) =>
        Assert.Equal(expected, new ServerOptions { SubmitsPerSecond = perSecond, SubmitBurst = burst }.SubmitBurstOrDefault);
}
