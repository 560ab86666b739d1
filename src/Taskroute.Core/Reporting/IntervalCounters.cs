namespace Taskroute.Core.Reporting;

/// <summary>
/// The counters of one interval row, indexed by <see cref="Counter"/>, and the row's not-ready
/// time by reason code (agent and MRD rows only).
/// </summary>
public sealed class IntervalCounters
{
    public static readonly int Count = Enum.GetValues<Counter>().Length;

    private readonly long[] _values = new long[Count];

    // Reason codes are any number an agent's desktop sends (0 to 65535), so not a column each: most
    // rows hold none or a few, and rows of queues and selectors never any.
    private SortedDictionary<int, long>? _notReady;

    public long this[Counter counter]
    {
        get => _values[(int)counter];
        set => _values[(int)counter] = value;
    }

    /// <summary>Not-ready time (ms) by reason code; 0 is Not Ready with no reason given. Sums to <see cref="Counter.NotReadyMs"/>.</summary>
    public IReadOnlyDictionary<int, long> NotReadyByReason => _notReady ?? (IReadOnlyDictionary<int, long>)EmptyReasons;

    private static readonly SortedDictionary<int, long> EmptyReasons = [];

    /// <summary>Adds not-ready time under a reason code (the <see cref="Counter.NotReadyMs"/> total is the caller's to add).</summary>
    public void AddNotReady(int reasonCode, long ms)
    {
        if (ms == 0) return;
        _notReady ??= [];
        _notReady[reasonCode] = _notReady.GetValueOrDefault(reasonCode) + ms;
    }

    /// <summary>Adds another row's counts: sums, except the longest queue time, which is the larger.</summary>
    public void Add(IntervalCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _values.Length; i++)
            _values[i] = i == (int)Counter.LongestQueueMs ? Math.Max(_values[i], other._values[i]) : _values[i] + other._values[i];
        if (other._notReady is not null)
            foreach (var (reason, ms) in other._notReady) AddNotReady(reason, ms);
    }

    public IntervalCounters Copy()
    {
        var copy = new IntervalCounters();
        _values.CopyTo(copy._values, 0);
        if (_notReady is not null) copy._notReady = new SortedDictionary<int, long>(_notReady);
        return copy;
    }

    public bool IsEmpty => Array.TrueForAll(_values, v => v == 0) && (_notReady is null || _notReady.Count == 0);
}
