namespace Taskroute.Core.Tracing;

/// <summary>
/// A time in Unix milliseconds, or none, in 8 bytes where a <c>long?</c> takes 16. The reports keep
/// a <see cref="TraceReader"/> for every open task, sixteen of these each: under a backlog the
/// difference is heap the collector copies and walks for every queued task.
/// </summary>
internal struct OptionalTime
{
    // The time with its top bit flipped: the default (0) stands for none, and the one time that
    // would be 0 when flipped, long.MinValue, is no time a log or a clock gives.
    private long _flipped;

    public readonly bool HasValue => _flipped != 0;

    /// <summary>The time; only meaningful when <see cref="HasValue"/>.</summary>
    public readonly long Value => _flipped ^ long.MinValue;

    /// <summary>The time, or <paramref name="fallback"/> when none is set.</summary>
    public readonly long Or(long fallback) => HasValue ? Value : fallback;

    /// <summary>Sets the time unless one is already set: the first occurrence wins.</summary>
    public void SetOnce(long time)
    {
        if (_flipped == 0) _flipped = time ^ long.MinValue;
    }

    public static implicit operator OptionalTime(long time) => new() { _flipped = time ^ long.MinValue };

    public static implicit operator OptionalTime(long? time) => time is { } t ? new() { _flipped = t ^ long.MinValue } : new();

    public static implicit operator long?(OptionalTime time) => time.HasValue ? time.Value : null;
}
