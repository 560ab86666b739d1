using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// One string per distinct text (message names, script selectors, details): logs repeat a few
/// hundred of them a million times. Bounded, so that text that never repeats cannot fill it.
/// </summary>
internal sealed class StringPool
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private readonly Dictionary<string, bool> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;

    public StringPool()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary><see cref="MessageRoutes.IsMessageName"/>, remembered for the texts seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsMessageName(ReadOnlySpan<char> name)
    {
        if (_nameLookup.TryGetValue(name, out var known)) return known;
        known = MessageRoutes.IsMessageName(name);
        if (_names.Count < MaxEntries) _names.Add(new string(name), known);
        return known;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var s)) return s;
        s = new string(text);
        if (_strings.Count < MaxEntries) _strings.Add(s, s);
        return s;
    }

    /// <summary>The text of <paramref name="head"/> followed by <paramref name="tail"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        var length = head.Length + tail.Length;
        if (length > 256) return string.Concat(head, tail);
        Span<char> both = stackalloc char[length];
        head.CopyTo(both);
        tail.CopyTo(both[head.Length..]);
        return Get(both);
    }
}
