namespace Taskroute.Server.Accounts;

/// <summary>
/// How many password checks that fail one client address may cost, whatever the user names: a
/// token bucket per address. The lockout counts per user name and address, so made-up names never
/// lock; each of their checks ran PBKDF2 (tens of milliseconds, one core's worth at a time), and a
/// few hundred sent together held a real first sign-in up for seconds. A check takes a token
/// before it runs and gives it back when the password is right: agents signing in from one office
/// address cost nothing, and checks sent together are counted before any of them has failed.
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
    }

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Takes a check for <paramref name="from"/>; null when it may run, else how long until it may.</summary>
    public TimeSpan? Take(string from)
    {
        lock (_lock)
        {
            var now = Now();
            var bucket = Current(from, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens--;
                return null;
            }
            return TimeSpan.FromMilliseconds((1 - bucket.Tokens) * refillEvery.TotalMilliseconds);
        }
    }

    /// <summary>Gives back the check a right password took.</summary>
    public void GiveBack(string from)
    {
        lock (_lock)
        {
            var bucket = Current(from, Now());
            bucket.Tokens = Math.Min(burst, bucket.Tokens + 1);
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
        return bucket;
    }

    // A full bucket says nothing a new one would not; if none is full, the longest quiet go.
    private void ForgetFull(long now)
    {
        foreach (var (from, _) in _buckets.Where(b => b.Value.Tokens + (now - b.Value.UpdatedAt) / refillEvery.TotalMilliseconds >= burst).ToList())
            _buckets.Remove(from);
        if (_buckets.Count >= MaxTracked)
            foreach (var (from, _) in _buckets.OrderBy(b => b.Value.UpdatedAt).Take(MaxTracked / 10).ToList())
                _buckets.Remove(from);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
