using System.Diagnostics.CodeAnalysis;

namespace Taskroute.Core.Ids;

/// <summary>
/// CCE's task id: RouterCallKeyDay, RouterCallKey and a sequence number. The router and ctisvr
/// write it <c>154526:37051928:1</c>, ctisvr session lines <c>154526/37051928/1</c>, Finesse and
/// CCP <c>154526_37051928_1</c>; <see cref="TryParse"/> accepts all three.
/// </summary>
public readonly record struct IcmTaskId(int Day, int Key, int Sequence)
{
    public static readonly IcmTaskId None = new(-1, -1, -1);

    public bool IsNone => Day < 0;

    /// <summary>The router's form, <c>day:key:seq</c>.</summary>
    public override string ToString() => IsNone ? "-1:-1:-1" : $"{Day}:{Key}:{Sequence}";

    /// <summary>The Finesse and CCP form, <c>day_key_seq</c>, used as the dialog id.</summary>
    public string ToDialogId() => $"{Day}_{Key}_{Sequence}";

    /// <summary>The ctisvr session-line form, <c>day/key/seq</c>.</summary>
    public string ToSessionForm() => $"{Day}/{Key}/{Sequence}";

    public static bool TryParse([NotNullWhen(true)] string? text, out IcmTaskId id)
    {
        id = None;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.AsSpan().Trim();
        char separator = span.IndexOfAny(':', '/', '_') is var at and >= 0 ? span[at] : '\0';
        if (separator == '\0') return false;
        Span<Range> parts = stackalloc Range[4];
        if (span.Split(parts, separator) != 3) return false;
        if (!int.TryParse(span[parts[0]].Trim(), out var day) ||
            !int.TryParse(span[parts[1]].Trim(), out var key) ||
            !int.TryParse(span[parts[2]].Trim(), out var seq))
            return false;
        if (day < 0 || key < 0 || seq < 0) return false;
        id = new IcmTaskId(day, key, seq);
        return true;
    }
}
