using System.Text.Json.Nodes;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Resolves a configuration's <c>timeZone</c> into the offsets its clock takes, from this machine's
/// time zone database, where the file is read. The routing core then reads only the configuration,
/// so a journal replays under the rules it ran under, whatever the machine's tzdata says later.
/// </summary>
public static class ZoneRules
{
    /// <summary>The years resolved: every instant a server started now could route in.</summary>
    public static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Fine enough that no two changes of a zone's offset fall between two looks (the closest are months apart).
    private static readonly TimeSpan Step = TimeSpan.FromHours(12);

    /// <summary>
    /// Sets <c>timeZoneOffsets</c> in a configuration's sections that name a <c>timeZone</c>: always
    /// for a file an operator gives (<paramref name="given"/>: offsets it carries, copied from
    /// <c>config show</c> with the zone's name since edited, say, are not trusted), and for a kept one
    /// only where it has none. Throws <see cref="InvalidConfigurationException"/> for a zone this
    /// machine does not have.
    /// </summary>
    public static void Fill(JsonObject sections, bool given)
    {
        ArgumentNullException.ThrowIfNull(sections);
        // Keys are matched as the file's reader matches them, whatever their case (timezone: reads as timeZone).
        var zoneKey = sections.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "timeZone", StringComparison.OrdinalIgnoreCase));
        var offsetKeys = sections.Select(p => p.Key).Where(k => string.Equals(k, "timeZoneOffsets", StringComparison.OrdinalIgnoreCase)).ToList();
        if (zoneKey is null || sections[zoneKey] is not JsonValue value || (!given && offsetKeys.Count > 0)) return;
        foreach (var key in offsetKeys) sections.Remove(key);
        // A bare number or word YAML typed is still a name to look up (and refuse).
        var name = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        var zone = Find(name) ?? throw new InvalidConfigurationException([new ConfigurationError("timeZone",
            $"no time zone '{name}' on this machine: give an IANA name such as Europe/Berlin or America/Sao_Paulo (a fixed offset goes in utcOffsetMinutes)")]);
        var offsets = new JsonArray();
        foreach (var o in Offsets(zone)) offsets.Add(new JsonObject { ["from"] = o.From.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), ["offsetMinutes"] = o.OffsetMinutes });
        sections["timeZoneOffsets"] = offsets;
    }

    /// <summary>The zone's offsets from <see cref="Start"/> to <see cref="End"/>, each from the second it begins.</summary>
    public static IReadOnlyList<ZoneOffset> Offsets(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var list = new List<ZoneOffset> { new() { From = Start, OffsetMinutes = Minutes(zone, Start) } };
        for (var at = Start; at < End; at += Step)
        {
            var next = at + Step;
            var before = list[^1].OffsetMinutes;
            if (Minutes(zone, next) == before) continue;
            // The change lies in (at, next]: find its second.
            long low = at.ToUnixTimeSeconds(), high = next.ToUnixTimeSeconds();
            while (high - low > 1)
            {
                var mid = low + (high - low) / 2;
                if (Minutes(zone, DateTimeOffset.FromUnixTimeSeconds(mid)) == before) low = mid;
                else high = mid;
            }
            var from = DateTimeOffset.FromUnixTimeSeconds(high);
            list.Add(new ZoneOffset { From = from, OffsetMinutes = Minutes(zone, from) });
        }
        return list;
    }

    private static int Minutes(TimeZoneInfo zone, DateTimeOffset at) => (int)zone.GetUtcOffset(at).TotalMinutes;

    private static TimeZoneInfo? Find(string name)
    {
        // A name, never a path: the database is looked up by it.
        if (string.IsNullOrWhiteSpace(name) || name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/') || name.Any(char.IsWhiteSpace)) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException or IOException)
        {
            return null;
        }
    }
}
