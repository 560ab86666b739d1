using System.Threading.RateLimiting;

namespace Taskroute.Server.RateLimiting;

/// <summary>
/// A token bucket on the server's <see cref="TimeProvider"/>: <c>perSecond</c> tokens a second, at
/// most <c>burst</c> kept. System.Threading.RateLimiting's own buckets read the system clock (they
/// take no TimeProvider: dotnet/runtime#106447), so tests could only prove their refill by waiting;
/// this one plugs into the same ASP.NET Core middleware and is driven by the clock tests advance.
/// Nothing is queued: a request either gets a token now or is told when one will be there.
/// </summary>
public sealed class ClockedTokenBucket : RateLimiter
{
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _updated;
    // How long the bucket had been full at _updated: the brim may have been reached between two updates.
    private TimeSpan _overflow;
    private long _successes;
    private long _failures;

    public ClockedTokenBucket(double perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(time);
        _perSecond = perSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _updated = time.GetTimestamp();
    }

    /// <summary>How long the bucket has been full (nothing it says about the client is left to keep), or null while it is not.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill(_time.GetTimestamp());
                return _tokens < _burst ? null : _overflow;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill(_time.GetTimestamp());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)_tokens,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successes,
                TotalFailedLeases = _failures,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _burst);
        lock (_lock)
        {
            Refill(_time.GetTimestamp());
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                if (permitCount > 0) _overflow = TimeSpan.Zero;
                _successes++;
                return Lease.Granted;
            }
            _failures++;
            return Lease.Refused(TimeSpan.FromSeconds((permitCount - _tokens) / _perSecond));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill(long now)
    {
        var elapsed = _time.GetElapsedTime(_updated, now);
        if (elapsed <= TimeSpan.Zero) return;
        var tokens = _tokens + elapsed.TotalSeconds * _perSecond;
        if (tokens >= _burst)
        {
            // The part of the elapsed time after the bucket reached the brim counts as idle.
            var wasFull = _tokens >= _burst;
            _overflow = wasFull ? _overflow + elapsed : elapsed - TimeSpan.FromSeconds((_burst - _tokens) / _perSecond);
            tokens = _burst;
        }
        _tokens = tokens;
        _updated = now;
    }

    /// <summary>A token given, or refused with when to try again (<see cref="MetadataName.RetryAfter"/>).</summary>
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterOnly;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}
