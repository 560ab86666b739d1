namespace Taskroute.Core.Waiting;

/// <summary>
/// How fast each of a set of queues (MRDs, or skill groups and precision queues) is being served:
/// tasks agents started over the last five minutes, in one-second buckets. The estimated wait time of
/// a queued task is the queue ahead of it over that rate.
/// </summary>
public sealed class ServiceRate(int queues)
{
    private const int WindowSeconds = 300;

    /// <summary>How far back the rate looks.</summary>
    public const long WindowMilliseconds = WindowSeconds * 1000L;
    private readonly int[,] _buckets = new int[queues, WindowSeconds];
    private readonly long[] _bucketSecond = new long[WindowSeconds];

    public void Routed(int queue, long unixMilliseconds)
    {
        var second = unixMilliseconds / 1000;
        var slot = (int)(second % WindowSeconds);
        if (_bucketSecond[slot] != second)
        {
            for (var m = 0; m < _buckets.GetLength(0); m++) _buckets[m, slot] = 0;
            _bucketSecond[slot] = second;
        }
        _buckets[queue, slot]++;
    }

    /// <summary>Tasks per second the queue handed to agents over the window ending now; 0 when none were.</summary>
    public double PerSecond(int queue, long unixMilliseconds)
    {
        var now = unixMilliseconds / 1000;
        long total = 0;
        for (var slot = 0; slot < WindowSeconds; slot++)
            if (now - _bucketSecond[slot] < WindowSeconds) total += _buckets[queue, slot];
        return total / (double)WindowSeconds;
    }

    /// <summary>Seconds a task with <paramref name="ahead"/> tasks before it should wait; null while the rate is unknown.</summary>
    public int? EstimatedWaitSeconds(int queue, int ahead, long unixMilliseconds)
    {
        var rate = PerSecond(queue, unixMilliseconds);
        return rate <= 0 ? null : (int)Math.Ceiling((ahead + 1) / rate);
    }
}
