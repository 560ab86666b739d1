using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Taskroute.Server.Accounts;

/// <summary>
/// Short-lived, single-use tickets for opening an agent channel from a browser. A browser's
/// WebSocket cannot carry an <c>Authorization</c> header, so a page signed in with HTTP Basic asks
/// for a ticket first and puts it in the channel's address; the ticket is good once, for that
/// agent, for <see cref="Lifetime"/>.
/// </summary>
public sealed class ChannelTickets(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string User, int LoginId, DateTimeOffset Expires)> _tickets = new(StringComparer.Ordinal);

    /// <summary>A new ticket for the account to open the agent's channel.</summary>
    public string Issue(string user, int loginId)
    {
        var now = time.GetUtcNow();
        // Tickets nobody redeemed are dropped now and then, so the map stays the size of a few seconds' sign-ins.
        if (_tickets.Count > 1_000)
            foreach (var (old, entry) in _tickets)
                if (entry.Expires <= now) _tickets.TryRemove(old, out _);
        var ticket = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tickets[ticket] = (user, loginId, now + Lifetime);
        return ticket;
    }

    /// <summary>The user the ticket was issued to, if it is for this agent and still good; it is used up either way.</summary>
    public string? Redeem(string ticket, int loginId) =>
        _tickets.TryRemove(ticket, out var entry) && entry.LoginId == loginId && entry.Expires > time.GetUtcNow() ? entry.User : null;
}
