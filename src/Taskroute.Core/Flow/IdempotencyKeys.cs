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

    /// <summary>The first submit under <paramref name="key"/> if it came within the window before <paramref name="now"/>.</summary>
    public bool TryFind(string key, long now, out (Guid Contact, long Time, ulong Fingerprint) first) =>
        _keys.TryGetValue(key, out first) && now - first.Time < WindowMilliseconds;

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
