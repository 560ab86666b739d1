namespace Taskroute.Core.Reporting;

/// <summary>The counters of one interval row, indexed by <see cref="Counter"/>.</summary>
public sealed class IntervalCounters
{
    public static readonly int Count = Enum.GetValues<Counter>().Length;

    private readonly long[] _values = new long[Count];

    public long this[Counter counter]
    {
        get => _values[(int)counter];
        set => _values[(int)counter] = value;
    }

    /// <summary>Adds another row's counts: sums, except the longest queue time, which is the larger.</summary>
    public void Add(IntervalCounters other)
    {
        for (var i = 0; i < _values.Length; i++)
            _values[i] = i == (int)Counter.LongestQueueMs ? Math.Max(_values[i], other._values[i]) : _values[i] + other._values[i];
    }

    public IntervalCounters Copy()
    {
        var copy = new IntervalCounters();
        _values.CopyTo(copy._values, 0);
        return copy;
    }

    public bool IsEmpty => Array.TrueForAll(_values, v => v == 0);
}
