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

    /// <summary>
    /// Takes what a key check from <paramref name="from"/> may cost, before it is made, so that keys
    /// sent together cannot all be checked on one allowance: null when taken, else how long until one may be.
    /// </summary>
    public TimeSpan? Take(string from) => _budget.Take(from);

    /// <summary>The key was right: what <see cref="Take"/> took is given back.</summary>
    public void Right(string from) => _budget.Refund(from);

    /// <summary>The key was wrong: says so once when it starts slowing the address down.</summary>
    public void Failed(string from, int feedId)
    {
        if (_budget.Failed(from)) LogSlowed(from, feedId, AddressCheckBudget.DefaultBurst, AddressCheckBudget.DefaultRefillEvery.TotalSeconds);
    }

    /// <summary>
    /// Whom a throttle counts: an IPv4 address, or an IPv6 address's /64, which one host or site
    /// is given whole and could otherwise turn into a fresh allowance per address.
    /// </summary>
    public static string ClientOf(System.Net.IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    /// <summary>What a slowed-down client is told, in either API's words.</summary>
    public static string TooMany(string from, TimeSpan wait) =>
        $"too many wrong API keys from {from}: try again in {SignInLockout.RetryAfter(wait)} s";

    // Never the key: a wrong one may be a right one for another feed, or a typo of this one's.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Wrong X-Api-Key values from {From} (task feed {FeedId} the last) are refused with 429: {Burst} wrong keys; one more is let through every {Seconds} s until it stops")]
    private partial void LogSlowed(string from, int feedId, int burst, double seconds);
}
