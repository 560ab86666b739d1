namespace Taskroute.Server.Hosting;

/// <summary>
/// How long a thread's timer waits for a deadline. A .NET timer refuses waits past about 49.7 days
/// (2^32 - 2 ms), and a quiet MRD's task life or a presence timeout can be further away than that;
/// a wait is therefore capped, and the thread that wakes early finds nothing due and waits again.
/// </summary>
internal static class TimerWait
{
    /// <summary>The longest single wait: short enough for any timer, long enough to cost nothing.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary>A wait of <paramref name="milliseconds"/>, at least 1 ms and at most <see cref="Longest"/>.</summary>
    public static TimeSpan For(long milliseconds) =>
        TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 1, (long)Longest.TotalMilliseconds));
}
