using System.Runtime.CompilerServices;
using Taskroute.Core.Ids;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads ids out of a line without allocating. Each reader says whether the value ran to the end of
/// the line, because a line cut short there may have lost digits.
/// </summary>
internal static class Fields
{
    /// <summary>The integer right after <paramref name="key"/> (for example <c>ICMAgentID=</c>), skipping one space or an opening bracket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryInt(ReadOnlySpan<char> line, ReadOnlySpan<char> key, out int value, out bool atEnd)
    {
        value = 0;
        atEnd = false;
        var at = line.IndexOf(key, StringComparison.Ordinal);
        while (at >= 0)
        {
            var rest = line[(at + key.Length)..];
            if (rest.Length > 0 && rest[0] is ' ' or '(') rest = rest[1..];
            if (TryLeadingInt(rest, out value, out var used))
            {
                atEnd = used == rest.Length;
                return true;
            }
            var next = line[(at + key.Length)..].IndexOf(key, StringComparison.Ordinal);
            if (next < 0) break;
            at += key.Length + next;
        }
        return false;
    }

    public static bool TryInt(ReadOnlySpan<char> line, ReadOnlySpan<char> key, out int value) => TryInt(line, key, out value, out _);

    /// <summary>Digits (with an optional minus) at the start of <paramref name="text"/>; <paramref name="used"/> is how many characters they took.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryLeadingInt(ReadOnlySpan<char> text, out int value, out int used)
    {
        value = 0;
        used = 0;
        var negative = text.Length > 0 && text[0] == '-';
        var i = negative ? 1 : 0;
        long v = 0;
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            v = v * 10 + (text[i] - '0');
            if (v > int.MaxValue) return false;
            i++;
        }
        if (i == start) return false;
        value = (int)(negative ? -v : v);
        used = i;
        return true;
    }

    /// <summary>A hexadecimal number after <c>0x</c> at the start of <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryLeadingHex(ReadOnlySpan<char> text, out int value, out int used)
    {
        value = 0;
        used = 0;
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return false;
        long v = 0;
        var i = 2;
        while (i < text.Length && char.IsAsciiHexDigit(text[i]))
        {
            v = v * 16 + (char.IsAsciiDigit(text[i]) ? text[i] - '0' : (char.ToLowerInvariant(text[i]) - 'a' + 10));
            if (v > uint.MaxValue) return false;
            i++;
        }
        if (i == 2) return false;
        value = unchecked((int)(uint)v);
        used = i;
        return true;
    }

    /// <summary>An InvokeID after <paramref name="key"/>, hex (<c>0x8a88</c>) or decimal (<c>35464</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryInvokeId(ReadOnlySpan<char> line, ReadOnlySpan<char> key, out int value, out bool atEnd)
    {
        value = 0;
        atEnd = false;
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return false;
        var rest = line[(at + key.Length)..].TrimStart();
        if (TryLeadingHex(rest, out value, out var used) || TryLeadingInt(rest, out value, out used))
        {
            atEnd = used == rest.Length;
            return true;
        }
        return false;
    }

    /// <summary>The text after <paramref name="key"/> up to the next comma, space or bracket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<char> Word(ReadOnlySpan<char> line, ReadOnlySpan<char> key, out bool atEnd)
    {
        atEnd = false;
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return [];
        var rest = line[(at + key.Length)..];
        var stop = rest.IndexOfAny(", ])");
        atEnd = stop < 0;
        return stop < 0 ? rest : rest[..stop];
    }

    /// <summary>The router's <c>CID=(day,key)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCid(ReadOnlySpan<char> line, out int day, out int key)
    {
        day = key = 0;
        var at = line.IndexOf("CID=(", StringComparison.Ordinal);
        if (at < 0) return false;
        var rest = line[(at + 5)..];
        if (!TryLeadingInt(rest, out day, out var used) || used >= rest.Length || rest[used] != ',') return false;
        rest = rest[(used + 1)..];
        // Without the closing parenthesis the key may have lost digits.
        return TryLeadingInt(rest, out key, out used) && used < rest.Length && rest[used] == ')' && day > 0 && key > 0;
    }

    /// <summary>
    /// A task id in any of its three forms (<c>154526:37051928:1</c>, <c>154526/37051928/1</c>,
    /// <c>154526_37051928_1</c>, also the PIM's <c>154526:37051928: 1</c>) at the start of <paramref name="text"/>.
    /// A sequence number that runs to the end of the text is reported as possibly cut.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryTaskId(ReadOnlySpan<char> text, out IcmTaskId id, out bool sequenceAtEnd)
    {
        id = IcmTaskId.None;
        sequenceAtEnd = false;
        if (!TryLeadingInt(text, out var day, out var used) || used >= text.Length) return false;
        var separator = text[used];
        if (separator is not (':' or '/' or '_')) return false;
        var rest = text[(used + 1)..];
        if (!TryLeadingInt(rest, out var key, out used) || used >= rest.Length || rest[used] != separator) return false;
        rest = rest[(used + 1)..].TrimStart(' ');
        if (!TryLeadingInt(rest, out var seq, out used)) return false;
        if (day < 0 || key < 0 || seq < 0) return false;
        sequenceAtEnd = used == rest.Length;
        id = new IcmTaskId(day, key, seq);
        return true;
    }

    /// <summary>The task id after <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryTaskId(ReadOnlySpan<char> line, ReadOnlySpan<char> key, out IcmTaskId id, out bool sequenceAtEnd)
    {
        id = IcmTaskId.None;
        sequenceAtEnd = false;
        var at = line.IndexOf(key, StringComparison.Ordinal);
        return at >= 0 && TryTaskId(line[(at + key.Length)..].TrimStart(' '), out id, out sequenceAtEnd);
    }

    /// <summary>The first whole GUID (36 characters with dashes) in the line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryGuid(ReadOnlySpan<char> line, out Guid id)
    {
        id = Guid.Empty;
        var from = 0;
        while (true)
        {
            var dash = line[from..].IndexOf('-');
            if (dash < 0) return false;
            var start = from + dash - 8;
            if (start >= 0 && start + 36 <= line.Length && line[start + 13] == '-' && line[start + 18] == '-' && line[start + 23] == '-' &&
                (start == 0 || !char.IsAsciiHexDigit(line[start - 1])) &&
                Guid.TryParseExact(line.Slice(start, 36), "D", out id))
                return true;
            from += dash + 1;
            if (from >= line.Length) return false;
        }
    }

    /// <summary>The GUID right after <paramref name="key"/>, with its dashes or as 32 hex digits in either case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryGuid(ReadOnlySpan<char> line, ReadOnlySpan<char> key, out Guid id)
    {
        id = Guid.Empty;
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return false;
        var rest = line[(at + key.Length)..].TrimStart(' ');
        if (rest.Length >= 36 && Guid.TryParseExact(rest[..36], "D", out id)) return true;
        // Some CCP versions write the SocialContact id without its dashes; a 33rd hex digit makes it something else.
        return rest.Length >= 32 && (rest.Length == 32 || !char.IsAsciiHexDigit(rest[32])) &&
            Guid.TryParseExact(rest[..32], "N", out id);
    }
}
