using System.Collections.Concurrent;
using System.Diagnostics;

namespace Taskroute.Cli.Load;

/// <summary>
/// What a simulated-agents load counts, from whichever threads work it: lifecycles ended, errors,
/// and each task's time from its submit to its offer reaching the agent.
/// </summary>
internal sealed class LifecycleTally
{
    private readonly Dictionary<Guid, (long Stamp, bool Offer)> _halves = [];
    private ConcurrentBag<double> _offerLatencies = [];
    private long _lifecycles, _errors;

    public long Lifecycles => Interlocked.Read(ref _lifecycles);

    public long Errors => Interlocked.Read(ref _errors);

    public void Lifecycle() => Interlocked.Increment(ref _lifecycles);

    public void Error() => Interlocked.Increment(ref _errors);

    // The offer can reach its agent before the submit's answer reaches the submitter: whichever
    // of the two comes second measures the latency, and nobody waits for the other.
    public void Submitted(Guid contact, long started) => Met(contact, started, offer: false);

    public void Offered(Guid contact, long offered) => Met(contact, offered, offer: true);

    /// <summary>Starts counting afresh (after the warm-up).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _lifecycles, 0);
        Interlocked.Exchange(ref _errors, 0);
        Interlocked.Exchange(ref _offerLatencies, []);
    }

    /// <summary>The offer latencies since the last call or reset, in milliseconds, sorted.</summary>
    public double[] TakeLatencies()
    {
        // Swapped, not read then cleared: a latency added between the two would be lost.
        var latencies = Interlocked.Exchange(ref _offerLatencies, []).ToArray();
        Array.Sort(latencies);
        return latencies;
    }

    public static double Quantile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private void Met(Guid contact, long stamp, bool offer)
    {
        lock (_halves)
        {
            if (!_halves.Remove(contact, out var other)) { _halves[contact] = (stamp, offer); return; }
            var (started, offered) = offer ? (other.Stamp, stamp) : (stamp, other.Stamp);
            Volatile.Read(ref _offerLatencies).Add(Stopwatch.GetElapsedTime(started, offered).TotalMilliseconds);
        }
    }
}
