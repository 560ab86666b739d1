using Microsoft.Extensions.Logging;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Api;

/// <summary>
/// Wrong <c>X-Api-Key</c> values from one client address, counted as wrong passwords are
/// (<see cref="AddressCheckBudget"/>: 20 at once, one back every 3 s): a feed's key could otherwise
/// be guessed at the server's full speed, and a short one (<c>apiKey: x</c>) in a few dozen tries.
/// Only a wrong key spends: a client with the right one is never slowed down, unless it shares its
/// address with one that guesses. While an address is slowed down, a key it sends is not looked at,
/// the right one included, as a password from an address that spent its failed checks is not.
/// </summary>
public sealed partial class FeedKeyThrottle(TimeProvider time, ILogger<FeedKeyThrottle> logger)
{
    private readonly AddressCheckBudget _budget = new(AddressCheckBudget.DefaultBurst, AddressCheckBudget.DefaultRefillEvery, time);

    /// <summary>Null when <paramref name="from"/> may have a key checked; else how long until it may.</summary>
    public TimeSpan? Wait(string from) => _budget.Wait(from);

    /// <summary>Counts a wrong key from <paramref name="from"/>, saying so once when it starts slowing the address down.</summary>
    public void Failed(string from, int feedId)
    {
        if (_budget.Spend(from)) LogSlowed(from, feedId, AddressCheckBudget.DefaultBurst, AddressCheckBudget.DefaultRefillEvery.TotalSeconds);
    }

    /// <summary>What a slowed-down client is told, in either API's words.</summary>
    public static string TooMany(string from, TimeSpan wait) =>
        $"too many wrong API keys from {from}: try again in {SignInLockout.RetryAfter(wait)} s";

    // Never the key: a wrong one may be a right one for another feed, or a typo of this one's.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Wrong X-Api-Key values from {From} (task feed {FeedId} the last) are refused with 429: {Burst} wrong keys; one more is let through every {Seconds} s until it stops")]
    private partial void LogSlowed(string from, int feedId, int burst, double seconds);
}
