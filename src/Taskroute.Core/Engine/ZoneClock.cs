using Taskroute.Core.Configuration;

namespace Taskroute.Core.Engine;

/// <summary>
/// The clock scripts' time conditions read: a fixed offset from UTC, or a time zone's offsets as the
/// configuration pinned them. Before the first stretch the first offset holds, after the last the
/// last: the rules a server resolves cover the years it can route in.
/// </summary>
internal sealed class ZoneClock
{
    private readonly long[] _from = [];
    private readonly int[] _minutes = [];
    private readonly int _fixed;

    public ZoneClock(RoutingConfiguration config)
    {
        _fixed = config.UtcOffsetMinutes;
        if (config.TimeZone is null || config.TimeZoneOffsets is not { Count: > 0 } offsets) return;
        _from = [.. offsets.Select(o => o.From.ToUnixTimeMilliseconds())];
        _minutes = [.. offsets.Select(o => o.OffsetMinutes)];
    }

    /// <summary>The offset from UTC, in minutes, at <paramref name="unixMilliseconds"/>.</summary>
    public int OffsetAt(long unixMilliseconds)
    {
        if (_from.Length == 0) return _fixed;
        var at = Array.BinarySearch(_from, unixMilliseconds);
        // Not found: the complement is the first stretch starting later; the one before it holds.
        if (at < 0) at = Math.Max(0, ~at - 1);
        return _minutes[at];
    }
}
