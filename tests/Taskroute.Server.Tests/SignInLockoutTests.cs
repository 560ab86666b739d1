using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Tests;

/// <summary>Finesse's rule against guessing passwords: five failed sign-ins in a row lock the user name out for five minutes.</summary>
public class SignInLockoutTests
{
    private static (AccountStore Accounts, FakeTimeProvider Time) Store()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        var accounts = new AccountStore([
            new Account("1080", Role.Agent, PasswordHash.Create("right", 1_000), 1080),
            new Account("1081", Role.Agent, PasswordHash.Create("other", 1_000), 1081),
        ])
        { Lockout = new SignInLockout(SignInLockout.DefaultAttempts, SignInLockout.DefaultLockFor, time) };
        return (accounts, time);
    }

    [Fact]
    public void Five_wrong_passwords_in_a_row_lock_the_user_out_for_five_minutes_even_with_the_right_one()
    {
        var (accounts, time) = Store();
        for (var i = 1; i <= 4; i++) Assert.Equal((null, AccountStore.WrongPassword), accounts.Check("1080", "guess" + i));
        var fifth = accounts.Check("1080", "guess5");
        Assert.Null(fifth.Account);
        Assert.Contains("5 failed sign-ins in a row", fifth.Refusal, StringComparison.Ordinal);

        var locked = accounts.Check("1080", "right");
        Assert.Null(locked.Account);
        Assert.Contains("may sign in again in 5 min", locked.Refusal, StringComparison.Ordinal);
        // Other users are not held back.
        Assert.Equal("1081", accounts.Check("1081", "other").Account?.User);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromMinutes(1), accounts.Lockout!.Remaining("1080"));
        Assert.Null(accounts.Check("1080", "right").Account);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("1080", accounts.Check("1080", "right").Account?.User);
        // The run of failures started over: four more wrong ones do not lock it.
        for (var i = 1; i <= 4; i++) accounts.Check("1080", "again" + i);
        Assert.Equal("1080", accounts.Check("1080", "right").Account?.User);
    }

    [Fact]
    public void A_right_password_ends_the_run_of_failures()
    {
        var (accounts, _) = Store();
        for (var i = 1; i <= 4; i++) accounts.Check("1080", "guess" + i);
        Assert.Equal("1080", accounts.Check("1080", "right").Account?.User);
        for (var i = 1; i <= 4; i++) accounts.Check("1080", "guess" + i);
        Assert.Equal("1080", accounts.Check("1080", "right").Account?.User);
    }

    [Fact]
    public void A_name_with_no_account_is_locked_alike_so_a_lock_does_not_tell_which_names_exist()
    {
        var (accounts, _) = Store();
        string? known = null, unknown = null;
        for (var i = 1; i <= 5; i++)
        {
            known = accounts.Check("1080", "guess" + i).Refusal;
            unknown = accounts.Check("nobody", "guess" + i).Refusal;
        }
        Assert.Equal(known, unknown);
        Assert.Equal(accounts.Check("1080", "x").Refusal, accounts.Check("nobody", "x").Refusal);
    }

    [Fact]
    public void A_right_password_checked_while_guesses_sent_with_it_set_the_lock_is_refused()
    {
        var (accounts, time) = Store();
        var lockout = accounts.Lockout!;
        // Six requests arrive together: none is locked out at its first look...
        Assert.Null(lockout.Refusal("1080"));
        // ...five wrong ones are counted while the sixth, the right password, waits for its check.
        for (var i = 1; i <= 5; i++) lockout.Failed("1080");
        Assert.Contains("in a row", lockout.Succeeded("1080"), StringComparison.Ordinal);
        // And the store answers so for the right password from then on.
        Assert.Null(accounts.Check("1080", "right").Account);
        // A guess still in flight when the lock was set does not make it longer.
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Contains("again in 1 min", lockout.Failed("1080"), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("1080", accounts.Check("1080", "right").Account?.User);
    }

    [Fact]
    public void Guessing_from_one_address_does_not_lock_the_user_out_at_another()
    {
        var (accounts, _) = Store();
        for (var i = 1; i <= 5; i++) accounts.Check("1080", "guess" + i, from: "203.0.113.9");
        Assert.Null(accounts.Check("1080", "right", from: "203.0.113.9").Account);
        // The agent's own desktop, elsewhere, goes on working.
        Assert.Equal("1080", accounts.Check("1080", "right", from: "192.0.2.10").Account?.User);
    }

    [Fact]
    public async Task Failed_checks_from_one_address_are_capped_whatever_the_names_and_come_back_with_time()
    {
        var (accounts, time) = Store();
        const string flood = "203.0.113.9";
        // Made-up names never lock (each is one failure of its own), but each costs the address a check.
        for (var i = 1; i <= AddressCheckBudget.DefaultBurst; i++)
            Assert.Equal(AccountStore.WrongPassword, accounts.Check("made-up-" + i, "x", from: flood).Refusal);
        var refused = await accounts.AnswerAsync("made-up-x", "x", from: flood);
        Assert.True(refused.TooMany);
        Assert.Equal(AddressCheckBudget.DefaultRefillEvery, refused.TryAgainIn);
        Assert.Contains("too many failed sign-ins from 203.0.113.9", refused.Refusal, StringComparison.Ordinal);
        // A first (uncached) sign-in from that address waits with it; one from elsewhere does not.
        Assert.True((await accounts.AnswerAsync("1080", "right", from: flood)).TooMany);
        Assert.Equal("1080", accounts.Check("1080", "right", from: "192.0.2.10").Account?.User);
        // A password already checked costs no check, from anywhere.
        Assert.Equal("1080", accounts.Check("1080", "right", from: flood).Account?.User);

        time.Advance(AddressCheckBudget.DefaultRefillEvery);
        Assert.Equal("1081", accounts.Check("1081", "other", from: flood).Account?.User);
    }

    [Fact]
    public async Task Right_passwords_cost_an_address_nothing_so_a_whole_office_signs_in_at_once()
    {
        var (accounts, _) = Store();
        const string office = "192.0.2.10";
        // After a restart no password is remembered: every desktop behind the office's one address
        // checks at once. None failed, so none is slowed.
        var all = await Task.WhenAll(Enumerable.Range(0, 3 * AddressCheckBudget.DefaultBurst).Select(i => accounts.AnswerAsync(i % 2 == 0 ? "1080" : "1081", i % 2 == 0 ? "right" : "other", from: office)));
        Assert.All(all, a => Assert.False(a.TooMany, a.Refusal));
        Assert.All(all, a => Assert.NotNull(a.Account));
        // Typos still count: the office may make as many as a flood may, no more.
        for (var i = 1; i <= AddressCheckBudget.DefaultBurst; i++) Assert.Equal(AccountStore.WrongPassword, accounts.Check("typo-" + i, "x", from: office).Refusal);
        Assert.True((await accounts.AnswerAsync("typo-over", "x", from: office)).TooMany);
    }

    [Fact]
    public void No_lockout_when_it_is_turned_off()
    {
        var (accounts, time) = Store();
        accounts.Lockout = new SignInLockout(0, SignInLockout.DefaultLockFor, time);
        for (var i = 1; i <= 20; i++) accounts.Check("1080", "guess" + i);
        Assert.Equal("1080", accounts.Check("1080", "right").Account?.User);
    }

    [Fact]
    public async Task Over_http_made_up_names_from_one_address_are_answered_429_with_retry_after_once_its_failed_checks_are_spent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        async Task<HttpResponseMessage> As(string user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + AccountStore.LabPassword)));
            return await server.Client.SendAsync(request);
        }

        for (var i = 1; i <= AddressCheckBudget.DefaultBurst; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await As("made-up-" + i)).StatusCode);
        using var slowed = await As("made-up-x");
        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.Equal(AddressCheckBudget.DefaultRefillEvery, slowed.Headers.RetryAfter?.Delta);
        Assert.Empty(slowed.Headers.WwwAuthenticate);
        Assert.Contains("too many failed sign-ins from", (await slowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        time.Advance(AddressCheckBudget.DefaultRefillEvery);
        Assert.Equal(HttpStatusCode.OK, (await As("1080")).StatusCode);
    }

    [Fact]
    public async Task Over_http_a_locked_out_user_gets_401_saying_when_to_try_again_and_is_let_in_after()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        var client = server.Client;
        async Task<HttpResponseMessage> AsAgent(string password)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("1080:" + password)));
            return await client.SendAsync(request);
        }

        for (var i = 1; i <= 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await AsAgent("guess" + i)).StatusCode);
        using var locked = await AsAgent(AccountStore.LabPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), locked.Headers.RetryAfter?.Delta);
        var problem = await locked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("sign-in refused: 5 failed sign-ins in a row", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Another agent signs in as before.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Get, "/api/v1/agents/1081")).StatusCode);
        // The same agent elsewhere, through a proxy on this host that names its client, is not locked out.
        using (var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080"))
        {
            elsewhere.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("1080:" + AccountStore.LabPassword)));
            elsewhere.Headers.Add("X-Forwarded-For", "198.51.100.7");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(elsewhere)).StatusCode);
        }

        // An endpoint that needs no sign-in answers as it would without one, with no lockout header.
        using var health = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        health.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("1080:guess")));
        using var healthy = await client.SendAsync(health);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Null(healthy.Headers.RetryAfter);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await AsAgent(AccountStore.LabPassword)).StatusCode);
    }

    [Fact]
    public void A_lock_and_an_address_slowed_down_are_each_logged_once_as_they_start_never_with_a_password()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 0, 0, TimeSpan.Zero));
        var logs = new LoggedLines();
        var accounts = new AccountStore([new Account("1080", Role.Agent, PasswordHash.Create("right", 1_000), 1080)])
        {
            Lockout = new SignInLockout(SignInLockout.DefaultAttempts, SignInLockout.DefaultLockFor, time, logs.CreateLogger("Taskroute.SignIn")),
        };
        const string from = "203.0.113.9";
        // Five wrong in a row lock the name; the guesses refused while it lasts are not said again.
        for (var i = 1; i <= 8; i++) accounts.Check("1080", "guess" + i, from);
        var locked = Assert.Single(logs.Warnings);
        Assert.Equal("Sign-ins as '1080' from 203.0.113.9 are refused for 5 min: 5 wrong passwords in a row", locked);

        // A name sent with a line break in it cannot forge a line of its own.
        for (var i = 1; i <= 5; i++) accounts.Check("x\nwarn: forged", "guess" + i, "192.0.2.1");
        Assert.Contains(logs.Warnings, w => w.StartsWith("Sign-ins as 'x?warn: forged' from 192.0.2.1", StringComparison.Ordinal));

        // Made-up names spend the address's failed checks: said once when they run out.
        for (var i = 1; i <= 2 * AddressCheckBudget.DefaultBurst; i++) accounts.Check("made-up-" + i, "guess", from);
        var slowed = Assert.Single(logs.Warnings, w => w.StartsWith("Sign-ins from 203.0.113.9 are slowed down (429)", StringComparison.Ordinal));
        Assert.Contains("20 failed password checks", slowed, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.All, l => l.Text.Contains("guess", StringComparison.Ordinal));
    }
}
