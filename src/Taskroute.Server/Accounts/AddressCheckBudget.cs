namespace Taskroute.Server.Accounts;

/// <summary>
/// How many password checks that fail one client address may cost, whatever the user names: a
/// token bucket per address. The lockout counts per user name and address, so made-up names never
/// lock; each of their checks ran PBKDF2 (tens of milliseconds, one core's worth at a time), and a
/// few hundred sent together held a real first sign-in up for seconds. Only a failed check spends a
/// token: a right password costs nothing, so a whole office behind one address signing in at once
/// (after a restart, when no password is remembered) is never slowed. A check is refused while the
/// bucket is empty, looked at both before it waits its turn and again once it has it, so checks
/// queued behind a flood are refused before they cost PBKDF2.
/// </summary>
public sealed class AddressCheckBudget(int burst, TimeSpan refillEvery, TimeProvider time)
{
    /// <summary>Failed checks one address may spend at once.</summary>
    public const int DefaultBurst = 20;

    /// <summary>How often an address gets one back.</summary>
    public static readonly TimeSpan DefaultRefillEvery = TimeSpan.FromSeconds(3);

    private const int MaxTracked = 10_000;

    private sealed class Bucket
    {
        public double Tokens;
        public long UpdatedAt;
        // Emptied and not yet full again: one run of refusals, said once however long it lasts.
        public bool Throttled;
    }

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Null when <paramref name="from"/> may have a check run; else how long until it may.</summary>
    public TimeSpan? Wait(string from)
    {
        lock (_lock)
        {
            if (!_buckets.ContainsKey(from)) return null;
            var bucket = Current(from, Now());
            return bucket.Tokens >= 1 ? null : TimeSpan.FromMilliseconds((1 - bucket.Tokens) * refillEvery.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Takes a token of <paramref name="from"/> before a check, so that checks made together cannot
    /// all pass on the same token: null when taken, else how long until one may be. Give it back
    /// with <see cref="Refund"/> when the check succeeds; after a failed one, <see cref="Failed"/>.
    /// </summary>
    public TimeSpan? Take(string from)
    {
        lock (_lock)
        {
            var bucket = Current(from, Now());
            if (bucket.Tokens < 1) return TimeSpan.FromMilliseconds((1 - bucket.Tokens) * refillEvery.TotalMilliseconds);
            bucket.Tokens -= 1;
            return null;
        }
    }

    /// <summary>Gives back the token <see cref="Take"/> took for a check that succeeded: a right answer costs nothing.</summary>
    public void Refund(string from)
    {
        lock (_lock)
            if (_buckets.TryGetValue(from, out var bucket)) bucket.Tokens = Math.Min(burst, bucket.Tokens + 1);
    }

    /// <summary>After a failed check whose token <see cref="Take"/> took: true when it starts a throttle, as <see cref="Spend"/> says.</summary>
    public bool Failed(string from)
    {
        lock (_lock)
        {
            var bucket = Current(from, Now());
            if (bucket.Tokens >= 1 || bucket.Throttled) return false;
            bucket.Throttled = true;
            return true;
        }
    }

    /// <summary>
    /// Spends a token of <paramref name="from"/> for a check that failed; true when this spend
    /// starts a throttle: the bucket ran dry and had been full since it last did. A client that goes
    /// on guessing as tokens come back stays in the same throttle until it has kept quiet long enough
    /// to fill its bucket (a minute by default), so whoever says so says it once, not per request.
    /// </summary>
    public bool Spend(string from)
    {
        lock (_lock)
        {
            var bucket = Current(from, Now());
            bucket.Tokens = Math.Max(0, bucket.Tokens - 1);
            if (bucket.Tokens >= 1 || bucket.Throttled) return false;
            bucket.Throttled = true;
            return true;
        }
    }

    // Under the lock: the address's bucket, refilled to now.
    private Bucket Current(string from, long now)
    {
        if (!_buckets.TryGetValue(from, out var bucket))
        {
            if (_buckets.Count >= MaxTracked) ForgetFull(now);
            bucket = new Bucket { Tokens = burst, UpdatedAt = now };
            _buckets[from] = bucket;
        }
        bucket.Tokens = Math.Min(burst, bucket.Tokens + (now - bucket.UpdatedAt) / refillEvery.TotalMilliseconds);
        bucket.UpdatedAt = now;
        if (bucket.Tokens >= burst) bucket.Throttled = false;
        return bucket;
    }

    // A full bucket says nothing a new one would not; if none is full, the longest quiet go.
    private void ForgetFull(long now)
    {
        foreach (var (from, _) in _buckets.Where(b => b.Value.Tokens + (now - b.Value.UpdatedAt) / refillEvery.TotalMilliseconds >= burst).ToList())
            _buckets.Remove(from);
        if (_buckets.Count >= MaxTracked)
            // Throttled addresses last: forgetting one would hand it a fresh burst.
            foreach (var (from, _) in _buckets.OrderBy(b => b.Value.Throttled).ThenBy(b => b.Value.UpdatedAt).Take(MaxTracked / 10).ToList())
                _buckets.Remove(from);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
