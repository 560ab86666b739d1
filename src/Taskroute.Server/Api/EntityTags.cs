namespace Taskroute.Server.Api;

/// <summary>Conditional requests' entity-tag lists (RFC 9110, section 13.1): <c>*</c>, or tags separated by commas, each perhaps weak.</summary>
internal static class EntityTags
{
    /// <summary>If-None-Match: weak comparison, so <c>W/"x"</c> matches <c>"x"</c>.</summary>
    public static bool NoneMatch(string? header, string current) => Matches(header, current, weak: true);

    /// <summary>If-Match: strong comparison; a weak tag never matches.</summary>
    public static bool Match(string? header, string current) => Matches(header, current, weak: false);

    private static bool Matches(string? header, string current, bool weak)
    {
        if (string.IsNullOrWhiteSpace(header)) return false;
        var value = header.AsSpan().Trim();
        if (value is "*") return true;
        var tag = Opaque(current);
        foreach (var range in value.Split(','))
        {
            var candidate = value[range].Trim();
            var isWeak = candidate.StartsWith("W/", StringComparison.Ordinal);
            if (isWeak && !weak) continue;
            if (Opaque(isWeak ? candidate[2..] : candidate).SequenceEqual(tag)) return true;
        }
        return false;
    }

    private static ReadOnlySpan<char> Opaque(ReadOnlySpan<char> tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
