namespace Taskroute.Core.Configuration;

/// <summary>
/// One stretch of a time zone's clock: from <see cref="From"/> on (until the next stretch), the
/// zone is <see cref="OffsetMinutes"/> from UTC. A configuration's list of them pins the zone's
/// rules as the server read them, so a journal replays under the same clock on any machine.
/// </summary>
public sealed class ZoneOffset
{
    public DateTimeOffset From { get; init; }
    public int OffsetMinutes { get; init; }
}
