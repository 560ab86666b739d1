using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// The head of a Cisco Log line, as CCP writes it:
/// <c>0000000078: 192.168.1.1: Jan 30 2024 08:55:49.233 -0500: %CCBU__CCPPUBLICAPPS-6-REQUEST_INITIATED: %[...]: text</c>,
/// or with an empty host field: <c>0000000078:: Jan 30 2024 ...</c>, or as a syslog feed writes it,
/// after a priority: <c>&lt;134&gt;25: host: ...</c>. dumplog's Cisco Log output for ICM processes
/// has no severity or message id after its facility: <c>%ICM_Router_ProcessSynchronization: [comp=...]...</c>.
/// </summary>
internal static class CiscoLogLine
{
    /// <summary>
    /// True for Finesse Desktop's webservices lines in this format (Finesse 12.0 and earlier): the CTI
    /// messages it sends and decodes (<c>%CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=...]</c>).
    /// </summary>
    public static bool IsFinesse(ReadOnlySpan<char> mnemonic, ReadOnlySpan<char> rest) =>
        mnemonic.EndsWith("CTI_SERVER", StringComparison.Ordinal) || rest.StartsWith("%[cti_message=", StringComparison.Ordinal);

    /// <summary>
    /// True for a facility shaped as Finesse's: <c>CCBU_</c> and the writing thread, with a subfacility
    /// (<c>CCBU_CTIMessageEventExecutor-0</c>, <c>CCBU_COMMAND_POOL-1-worker-9</c>). CCP pads its
    /// component's name with underscores instead (<c>CCBU_____CCPAPI</c>, <c>CCBU__CCPPUBLICAPPS</c>).
    /// </summary>
    public static bool HasFinesseFacility(ReadOnlySpan<char> facility) =>
        facility.Length > 6 && facility.StartsWith("CCBU_", StringComparison.Ordinal) && facility[5] != '_' && facility[5..].Contains('-');

    /// <summary>The mnemonic may be cut short when the line is; <paramref name="rest"/> is what follows its colon.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryHeader(ReadOnlySpan<char> line, out CiscoStamp time, out ReadOnlySpan<char> facility, out ReadOnlySpan<char> mnemonic, out ReadOnlySpan<char> rest)
    {
        time = default;
        facility = mnemonic = rest = default;
        if (line.Length > 0 && line[0] == '<')
        {
            // A syslog priority, "<134>", before the sequence number says nothing the line does not.
            var close = line.IndexOf('>');
            if (close < 2 || close > 4) return false;
            line = line[(close + 1)..];
        }
        if (!Fields.TryLeadingInt(line, out _, out var used) || used + 2 >= line.Length || line[used] != ':') return false;
        ReadOnlySpan<char> after;
        if (line[used + 1] == ':' && line[used + 2] == ' ')
        {
            // SocialMiner and some CCP runtimes leave the host out: "0000837786:: Jun 20 2017 ...".
            after = line[(used + 3)..];
        }
        else
        {
            if (line[used + 1] != ' ') return false;
            after = line[(used + 2)..];
            var hostEnd = after.IndexOf(": ", StringComparison.Ordinal);
            if (hostEnd <= 0 || hostEnd > 255) return false;
            after = after[(hostEnd + 2)..];
        }
        if (!CiscoTime.TryParse(after, out time, out used)) return false;
        after = after[used..];
        if (!after.StartsWith(": %", StringComparison.Ordinal)) return false;
        after = after[3..];
        // %FACILITY-SEV-MNEMONIC or %FACILITY-SUBFACILITY-SEV-MNEMONIC; the facility may hold dashes
        // (CCP-DS-API) and so may the subfacility (Finesse's thread: COMMAND_POOL-1-worker-9). The
        // mnemonic holds none: the severity is the single digit between the last two dashes before
        // the colon that ends the mnemonic (the message may hold "-6-" too).
        var end = after.IndexOf(':');
        var head = end < 0 ? after : after[..end];
        var last = head.LastIndexOf('-');
        if (last >= 3 && char.IsAsciiDigit(head[last - 1]) && head[last - 2] == '-')
        {
            facility = head[..(last - 2)];
            mnemonic = head[(last + 1)..];
            rest = end < 0 ? [] : after[(end + 1)..].TrimStart(' ');
            return true;
        }
        // A line cut within its mnemonic: the first single digit between dashes.
        for (var i = 0; i + 2 < head.Length; i++)
        {
            if (head[i] != '-' || !char.IsAsciiDigit(head[i + 1]) || head[i + 2] != '-') continue;
            facility = head[..i];
            mnemonic = head[(i + 3)..];
            rest = end < 0 ? [] : after[(end + 1)..].TrimStart(' ');
            return true;
        }
        if (end > 0 && head.StartsWith("ICM_", StringComparison.Ordinal))
        {
            facility = head;
            rest = after[(end + 1)..].TrimStart(' ');
            return true;
        }
        return false;
    }
}
