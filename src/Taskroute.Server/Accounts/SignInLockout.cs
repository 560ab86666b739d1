using Microsoft.Extensions.Logging;

namespace Taskroute.Server.Accounts;

/// <summary>
/// Finesse's guard against guessing: after so many sign-ins in a row with a wrong password, a user
/// name is refused for a while, even with the right password. Counted per user name and client
/// address: someone guessing from elsewhere cannot lock an agent's open desktop out of its own work
/// (the desktop signs every request in), while guessing from one address stays as slow as Finesse
/// makes it. Names that match no account are counted and locked alike, so a lock says nothing about
/// which names exist. What is kept is bounded: a flood of made-up names cannot grow it without end.
/// </summary>
/// <param name="attempts">Failed sign-ins in a row that lock a name out; 0 turns the lockout off.</param>
/// <param name="lockFor">How long a lock lasts.</param>
/// <param name="time">The clock.</param>
/// <param name="log">Where a lock, and an address slowed down, are said as they start; nowhere when null.</param>
public sealed partial class SignInLockout(int attempts, TimeSpan lockFor, TimeProvider time, ILogger? log = null)
{
    /// <summary>Finesse's: five failed sign-ins in a row lock the user out for five minutes.</summary>
    public const int DefaultAttempts = 5;

    public static readonly TimeSpan DefaultLockFor = TimeSpan.FromMinutes(5);

    private const int MaxTracked = 10_000;

    /// <summary>What failed checks from one address may cost, whatever the names (on with the lockout, off with it).</summary>
    public AddressCheckBudget? Addresses =>
        attempts > 0 ? LazyInitializer.EnsureInitialized(ref _addresses, () => new AddressCheckBudget(AddressCheckBudget.DefaultBurst, AddressCheckBudget.DefaultRefillEvery, time)) : null;

    private AddressCheckBudget? _addresses;

    private sealed class Failures
    {
        public int Count;
        public long LockedUntil;
        public long LastAt;
    }

    private readonly Dictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    // Read without the lock on every sign-in: a right password with no failures before it pays nothing more.
    private volatile int _tracked;

    /// <summary>Why <paramref name="user"/> may not sign in now, or null when it may try.</summary>
    public string? Refusal(string user) => Remaining(user) is { } left ? Refused(left) : null;

    /// <summary>How long <paramref name="user"/> stays locked out; null when it is not.</summary>
    public TimeSpan? Remaining(string user)
    {
        if (_tracked == 0 || attempts <= 0) return null;
        lock (_lock) return LeftLocked(user, Now());
    }

    /// <summary>Counts a wrong password; answers the refusal when the user is locked out by it or was already.</summary>
    public string? Failed(string user)
    {
        if (attempts <= 0) return null;
        lock (_lock)
        {
            var now = Now();
            // A guess still in flight when the lock was set neither counts nor makes the lock longer.
            if (LeftLocked(user, now) is { } left) return Refused(left);
            if (!_failures.TryGetValue(user, out var failures))
            {
                if (_failures.Count >= MaxTracked) ForgetOldest();
                failures = new Failures();
                _failures[user] = failures;
                _tracked = _failures.Count;
            }
            failures.LastAt = now;
            if (++failures.Count < attempts) return null;
            failures.LockedUntil = now + (long)lockFor.TotalMilliseconds;
            // Once per lock: the guesses refused while it lasts are not counted, so never said again.
            if (log is not null)
            {
                var (name, from) = Parts(user);
                LogLockedOut(log, LogText.Printable(name), from ?? "an unknown address", attempts, Spell(lockFor));
            }
            return Refused(lockFor);
        }
    }

    /// <summary>
    /// A right password ends the run of failures, unless a lock was set while it was being checked
    /// (guesses sent together): then it is refused like any other, and the refusal is answered.
    /// </summary>
    public string? Succeeded(string user)
    {
        if (_tracked == 0) return null;
        lock (_lock)
        {
            if (attempts > 0 && LeftLocked(user, Now()) is { } left) return Refused(left);
            _failures.Remove(user);
            _tracked = _failures.Count;
        }
        return null;
    }

    /// <summary>Counts a failed password check against <paramref name="from"/>'s budget, saying so when this starts slowing the address down.</summary>
    public void AddressFailed(string from)
    {
        if (Addresses?.Spend(from) == true && log is not null)
            LogAddressSlowed(log, from, AddressCheckBudget.DefaultBurst, AddressCheckBudget.DefaultRefillEvery.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-ins as '{User}' from {From} are refused for {LockFor}: {Attempts} wrong passwords in a row")]
    private static partial void LogLockedOut(ILogger logger, string user, string from, int attempts, string lockFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-ins from {From} are slowed down (429): {Burst} failed password checks, whatever the names; one more is let through every {Seconds} s until it stops")]
    private static partial void LogAddressSlowed(ILogger logger, string from, int burst, double seconds);

    // The user name and the address of a key made by Key.
    private static (string User, string? From) Parts(string key) =>
        key.LastIndexOf('\n') is var at and >= 0 ? (key[..at], key[(at + 1)..]) : (key, null);

    /// <summary>The value of a locked-out answer's <c>Retry-After</c>: whole seconds, rounded up.</summary>
    public static string RetryAfter(TimeSpan left) => ((long)Math.Ceiling(left.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Under the lock: how long the user's lock has left; a lock that has run out is forgotten, and the count starts again.
    private TimeSpan? LeftLocked(string user, long now)
    {
        if (!_failures.TryGetValue(user, out var failures) || failures.LockedUntil == 0) return null;
        var left = failures.LockedUntil - now;
        if (left > 0) return TimeSpan.FromMilliseconds(left);
        _failures.Remove(user);
        _tracked = _failures.Count;
        return null;
    }

    private string Refused(TimeSpan left) => $"{attempts} failed sign-ins in a row: this user may sign in again in {Spell(left)}";

    /// <summary>The key a sign-in is counted under: the user name and where it came from.</summary>
    public static string Key(string user, string? from) => from is null ? user : user + "\n" + from;

    private void ForgetOldest()
    {
        // Locked names are kept while their lock lasts; among the rest, the longest quiet go first.
        var now = Now();
        foreach (var (user, _) in _failures.Where(f => f.Value.LockedUntil <= now).OrderBy(f => f.Value.LastAt).Take(MaxTracked / 10).ToList())
            _failures.Remove(user);
        if (_failures.Count >= MaxTracked)
            foreach (var (user, _) in _failures.OrderBy(f => f.Value.LockedUntil).Take(MaxTracked / 10).ToList())
                _failures.Remove(user);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Spell(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{Math.Ceiling(span.TotalSeconds):0} s" : $"{Math.Ceiling(span.TotalMinutes):0} min";
}
