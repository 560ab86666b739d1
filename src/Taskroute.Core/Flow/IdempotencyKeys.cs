namespace Taskroute.Core.Flow;

/// <summary>
/// The submits' idempotency keys of the last day, each with the contact its first submit made and
/// what that submit asked for (<see cref="SubmitFingerprint"/>). The single server and a cluster's
/// domain keep one each, beside their engines: a key is an API's promise, not a routing rule.
/// </summary>
public sealed class IdempotencyKeys
{
    /// <summary>How long a key is remembered: a client retries within minutes, not days.</summary>
    public const long WindowMilliseconds = 24 * 3600 * 1000L;

    private readonly Dictionary<string, (Guid Contact, long Time, ulong Fingerprint)> _keys = new(StringComparer.Ordinal);
    private int _sincePrune;

    /// <summary>
    /// What a client that sent a key for another task is told. It names no task: a key can be
    /// guessed, and the task another client made under it is none of this one's business.
    /// </summary>
    public const string ReusedMessage = "this Idempotency-Key was used for a different task within the last 24 hours; send a new key for a new task";

    /// <summary>
    /// A client's key as it is kept: under its API (<c>api</c>, <c>ccp</c>: the same key sent to both
    /// names two tasks) and its task feed. A feed that needs an API key keeps its clients' keys apart
    /// from anyone else's: a client without it cannot find, by sending the same key elsewhere, that
    /// the key was used, nor the task it made.
    /// </summary>
    public static string Scoped(string api, int feedId, string key) => $"{api}.{feedId}:{key}";

    /// <summary>The first submit under <paramref name="key"/> if it came within the window before <paramref name="now"/>.</summary>
    public bool TryFind(string key, long now, out (Guid Contact, long Time, ulong Fingerprint) first) =>
        _keys.TryGetValue(key, out first) && now - first.Time < WindowMilliseconds;

    /// <summary>
    /// As <see cref="TryFind(string, long, out ValueTuple{Guid, long, ulong})"/> for a <see cref="Scoped"/>
    /// key, and also finds the key as builds before the feed's scope kept it (<c>api:key</c>, in a
    /// journal or snapshot written then), but only for the very same request: that one a client
    /// retrying across an upgrade sent, and its fingerprint names the feed.
    /// </summary>
    public bool TryFind(string key, long now, ulong fingerprint, out (Guid Contact, long Time, ulong Fingerprint) first)
    {
        if (TryFind(key, now, out first)) return true;
        // "api.7:abc" was kept as "api:abc". (Not "api:7:abc": an old key whose own text began "7:"
        // would read as this feed's.)
        var feed = key.IndexOf('.', StringComparison.Ordinal);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (feed < 0 || colon < feed) return false;
        return TryFind(string.Concat(key.AsSpan(0, feed), key.AsSpan(colon)), now, out first)
            && fingerprint != SubmitFingerprint.Unknown && first.Fingerprint == fingerprint;
    }

    /// <summary>Whether two submits under one key asked for the same task; a key whose request is not known (an older snapshot's) matches any.</summary>
    public static bool SameRequest(ulong first, ulong again) =>
        first == SubmitFingerprint.Unknown || again == SubmitFingerprint.Unknown || first == again;

    public void Remember(string key, Guid contact, long time, ulong fingerprint)
    {
        _keys[key] = (contact, time, fingerprint);
        // Now and then forget keys past the window, so the map stays the size of a day's retries.
        if (++_sincePrune < 100_000) return;
        _sincePrune = 0;
        foreach (var (old, entry) in _keys.ToArray())
            if (time - entry.Time >= WindowMilliseconds) _keys.Remove(old);
    }

    /// <summary>Every key kept, for a snapshot.</summary>
    public KeyValuePair<string, (Guid Contact, long Time, ulong Fingerprint)>[] ToArray() => [.. _keys];
}
