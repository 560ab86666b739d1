using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The head of a Finesse webservices line:
/// <c>103630: [INFO]: [call-id [154526_37051928_1]] [agent-id [1080]]: [Jan 30 2024 08:55:58.954 -0500]: [thread]: [class]: text</c>.
/// </summary>
internal static class FinesseLine
{
    /// <summary><paramref name="callId"/> and <paramref name="agentId"/> are empty when the brackets are; <paramref name="rest"/> follows the time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryHeader(ReadOnlySpan<char> line, out ReadOnlySpan<char> callId, out ReadOnlySpan<char> agentId, out CiscoStamp time, out ReadOnlySpan<char> rest)
    {
        callId = agentId = rest = default;
        time = default;
        if (!Fields.TryLeadingInt(line, out _, out var used) || used + 4 >= line.Length || !line[used..].StartsWith(": [", StringComparison.Ordinal)) return false;
        var after = line[(used + 3)..];
        var close = after.IndexOf("]: ", StringComparison.Ordinal);
        if (close <= 0 || close > 10) return false;
        after = after[(close + 3)..];
        if (!after.StartsWith("[call-id", StringComparison.Ordinal)) return false;
        after = after[8..];
        if (after.StartsWith(" [", StringComparison.Ordinal))
        {
            var end = after.IndexOf(']');
            if (end < 0) return false;
            callId = after[2..end];
            after = after[(end + 1)..];
        }
        if (!after.StartsWith("] [agent-id", StringComparison.Ordinal)) return false;
        after = after[11..];
        if (after.StartsWith(" [", StringComparison.Ordinal))
        {
            var end = after.IndexOf(']');
            if (end < 0) return false;
            agentId = after[2..end];
            after = after[(end + 1)..];
        }
        if (!after.StartsWith("]: [", StringComparison.Ordinal)) return false;
        after = after[4..];
        if (!CiscoTime.TryParse(after, out time, out used) || used >= after.Length || after[used] != ']') return false;
        rest = after[(used + 1)..];
        if (rest.StartsWith(": ", StringComparison.Ordinal)) rest = rest[2..];
        return true;
    }
}
