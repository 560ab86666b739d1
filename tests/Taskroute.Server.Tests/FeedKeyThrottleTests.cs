using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Core.Configuration;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Tests;

/// <summary>
/// Wrong X-Api-Key values from one client are slowed down as wrong passwords are: 20 at once, then
/// 429 with Retry-After in the endpoint's own error format until a token comes back, said in the
/// server log once per run of refusals and never with the key.
/// </summary>
public class FeedKeyThrottleTests
{
    private const string Key = "partner-key-0123456789";
    private const string Slowed = "Wrong X-Api-Key values from";

    private static RoutingConfiguration Keyed()
    {
        var lab = Taskroute.Core.Lab.LabConfiguration.Create();
        return new RoutingConfiguration
        {
            RouterCallKeyStart = lab.RouterCallKeyStart, Mrds = lab.Mrds, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes,
            PrecisionQueues = lab.PrecisionQueues, Agents = lab.Agents, ScriptSelectors = lab.ScriptSelectors,
            TaskFeeds =
            [
                new TaskFeed { Id = 100000, Name = "open", DefaultScriptSelector = "CumulusTask" },
                new TaskFeed { Id = 100003, Name = "partner", DefaultScriptSelector = "CumulusTask", ApiKey = Key },
            ],
        };
    }

    private static async Task<HttpResponseMessage> Ccp(TestServer server, string? key, int feed = 100003)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ccp/task/feed/{feed}")
        {
            Content = new StringContent("<Task><name>Ann</name><title>Refund</title><scriptSelector>CumulusTask</scriptSelector></Task>", System.Text.Encoding.UTF8, "application/xml"),
        };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await server.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> Json(TestServer server, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks")
        {
            Content = JsonContent.Create(new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask", feedId = 100003 }),
        };
        request.Headers.Add("X-Api-Key", key);
        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task Twenty_wrong_keys_from_a_client_are_401_then_its_keys_are_429_with_retry_after_until_one_comes_back()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        var logs = new LoggedLines();
        await using var server = await TestServer.StartAsync(configuration: Keyed(), time: time, logs: logs);

        for (var i = 1; i <= AddressCheckBudget.DefaultBurst; i++)
        {
            using var wrong = await Ccp(server, "guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // CCP's own error format, with when to try again and why.
        using var slowed = await Ccp(server, "guess-21");
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.Equal(AddressCheckBudget.DefaultRefillEvery, slowed.Headers.RetryAfter?.Delta);
        Assert.Empty(slowed.Headers.WwwAuthenticate);
        var xml = await slowed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<errorData>X-Api-Key</errorData>", xml, StringComparison.Ordinal);
        Assert.Contains("too many wrong API keys from 127.0.0.1: try again in 3 s", xml, StringComparison.Ordinal);

        // The JSON API's: a problem document. The right key is not looked at meanwhile, as a password from a slowed address is not.
        using var json = await Json(server, Key);
        Assert.Equal(HttpStatusCode.TooManyRequests, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        var problem = await json.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("too many wrong API keys", problem.GetProperty("title").GetString());
        Assert.Equal("too many wrong API keys from 127.0.0.1: try again in 3 s", problem.GetProperty("detail").GetString());
        Assert.Equal(AddressCheckBudget.DefaultRefillEvery, json.Headers.RetryAfter?.Delta);

        // An open feed, and a request with no key at all, are not guesses and answer as ever.
        using (var open = await Ccp(server, null, feed: 100000)) Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        using (var none = await Ccp(server, null)) Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        time.Advance(AddressCheckBudget.DefaultRefillEvery);
        using (var right = await Ccp(server, Key)) Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        // A right key costs nothing: the token is still there for the next guess, which spends it.
        using (var wrongAgain = await Ccp(server, "guess-22")) Assert.Equal(HttpStatusCode.Unauthorized, wrongAgain.StatusCode);
        using (var slowedAgain = await Ccp(server, "guess-23")) Assert.Equal(HttpStatusCode.TooManyRequests, slowedAgain.StatusCode);

        // Said once for the whole run, naming the client and never a key.
        var warning = Assert.Single(logs.Warnings, w => w.StartsWith(Slowed, StringComparison.Ordinal));
        Assert.Contains("127.0.0.1", warning, StringComparison.Ordinal);
        Assert.Contains("task feed 100003", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.All, l => l.Text.Contains("guess-", StringComparison.Ordinal) || l.Text.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_keys_sent_all_at_once_are_checked_no_more_than_the_twenty_a_client_may_spend()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(configuration: Keyed(), time: time);
        // Sent together, each would pass a look at the allowance before any spent it.
        var answers = await Task.WhenAll(Enumerable.Range(1, 60).Select(i => Ccp(server, "guess-" + i)));
        Assert.Equal(AddressCheckBudget.DefaultBurst, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(60 - AddressCheckBudget.DefaultBurst, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public void A_clients_allowance_is_taken_before_a_check_so_the_twenty_first_is_refused_before_any_check_has_failed()
    {
        var budget = new AddressCheckBudget(AddressCheckBudget.DefaultBurst, AddressCheckBudget.DefaultRefillEvery, new FakeTimeProvider());
        for (var i = 0; i < AddressCheckBudget.DefaultBurst; i++) Assert.Null(budget.Take("192.0.2.7"));
        // Twenty checks under way, none failed yet: the next is refused, where a look at the allowance let it through.
        Assert.Equal(AddressCheckBudget.DefaultRefillEvery, budget.Take("192.0.2.7"));
        // One that turns out right gives its share back.
        budget.Refund("192.0.2.7");
        Assert.Null(budget.Take("192.0.2.7"));
        Assert.NotNull(budget.Take("192.0.2.7"));
        Assert.Null(budget.Take("192.0.2.8"));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void A_client_is_counted_by_its_IPv4_address_or_its_IPv6_addresss_64(string address, string counted) =>
        Assert.Equal(counted, Api.FeedKeyThrottle.ClientOf(IPAddress.Parse(address)));

    [Fact]
    public void A_password_hash_is_read_one_way_for_the_sign_in_and_the_warnings()
    {
        var hash = PasswordHash.Create("lab", 1_000);
        Assert.True(PasswordHash.Verify("lab", hash));
        // An iteration count with a sign or a space was taken by the sign-in and passed over by the warnings.
        foreach (var odd in new[] { hash.Replace("$1000$", "$+1000$", StringComparison.Ordinal), hash.Replace("$1000$", "$ 1000$", StringComparison.Ordinal), hash.Replace("$1000$", "$0$", StringComparison.Ordinal) })
            Assert.False(PasswordHash.Verify("lab", odd));
        Assert.Equal((16, 32), PasswordHash.LengthsOf(hash));
    }

    [Fact]
    public async Task A_client_that_kept_quiet_until_its_budget_filled_again_is_said_again_when_it_next_runs_it_dry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        var logs = new LoggedLines();
        await using var server = await TestServer.StartAsync(configuration: Keyed(), time: time, logs: logs);
        async Task RunDry()
        {
            for (var i = 0; i < AddressCheckBudget.DefaultBurst; i++)
                using (var wrong = await Ccp(server, "guess")) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var slowed = await Ccp(server, "guess");
            Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        }

        await RunDry();
        time.Advance(AddressCheckBudget.DefaultRefillEvery * AddressCheckBudget.DefaultBurst);
        await RunDry();
        Assert.Equal(2, logs.Warnings.Count(w => w.StartsWith(Slowed, StringComparison.Ordinal)));
    }
}
