using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// Tells a source's component from its first lines: the ICM process name (<c>cg3A-ctisvr</c>,
/// <c>PG2A-pim3</c>, <c>ra-rtr</c>), the CCP facility, or Finesse's bracketed header.
/// </summary>
internal static class ComponentDetector
{
    private const int MaxLines = 400;
    private const long MaxBytes = 512 * 1024;

    public static LogComponent Detect(Stream stream) => Detect(stream, out _);

    /// <summary>
    /// The source's component, and whether its lines are of more than one family (ICM traces, Cisco
    /// Log lines, Finesse lines): notes pasted together, or the TechNote's excerpts in one file.
    /// </summary>
    public static LogComponent Detect(Stream stream, out bool mixed)
    {
        var scores = new int[Enum.GetValues<LogComponent>().Length];
        Span<int> families = stackalloc int[3];
        // UTF-16 without a byte order mark is told by its first bytes, which are then read again as text.
        var head = new byte[Utf16.Sniff];
        var length = 0;
        for (int n; length < head.Length && (n = stream.Read(head, length, head.Length - length)) > 0;) length += n;
        var encoding = Utf16.IsBomlessLittleEndian(head.AsSpan(0, length)) ? Encoding.Unicode : null;
        using var counted = new CountingStream(new Utf16.Prefixed(head, length, stream), null);
        using var reader = new LineReader(counted, encoding);
        var lines = 0;
        while (lines < MaxLines && counted.BytesRead <= MaxBytes && reader.TryRead(out var line))
        {
            lines++;
            var component = OfLine(line, out var weight);
            scores[(int)component] += weight;
            if (weight > 0 && Family(component) is var family and >= 0) families[family]++;
        }
        var kinds = 0;
        foreach (var n in families)
            if (n > 0) kinds++;
        mixed = kinds > 1;
        var best = LogComponent.Unknown;
        for (var i = 1; i < scores.Length; i++)
            if (scores[i] > scores[(int)best] || (best == LogComponent.Unknown && scores[i] > 0)) best = (LogComponent)i;
        return best;
    }

    // 0: an ICM process's trace; 1: CCP's Cisco Log lines; 2: Finesse's.
    private static int Family(LogComponent component) => component switch
    {
        LogComponent.CtiSvr or LogComponent.Pim or LogComponent.Rtr => 0,
        LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime => 1,
        LogComponent.WebServices => 2,
        _ => -1,
    };

    /// <summary>The component a single line points to, and how strongly.</summary>
    public static LogComponent OfLine(ReadOnlySpan<char> line, out int weight)
    {
        weight = 0;
        if (IcmLine.TryHeader(line, out _, out var process, out _, out _))
        {
            weight = 3;
            return IcmLine.ComponentOfProcess(process, line);
        }
        if (CiscoLogLine.TryHeader(line, out _, out var facility, out var mnemonic, out var rest))
        {
            weight = 3;
            // dumplog's Cisco Log output for ICM processes: the pname field names the process.
            if (facility.StartsWith("ICM_", StringComparison.Ordinal))
            {
                if (!IcmLine.TryCiscoLogBody(rest, out var pname, out _, out var body)) return LogComponent.Unknown;
                return IcmLine.ComponentOfProcess(pname, body);
            }
            if (CiscoLogLine.IsFinesse(mnemonic, rest)) return LogComponent.WebServices;
            if (CiscoLogLine.HasFinesseFacility(facility))
            {
                weight = 1;
                return LogComponent.WebServices;
            }
            if (facility.Contains("CCPPUBLICAPPS", StringComparison.Ordinal)) { weight = 10; return LogComponent.CcpPublicApps; }
            if (facility.EndsWith("FEEDS", StringComparison.Ordinal) || facility.EndsWith("CAMPAIGN", StringComparison.Ordinal) ||
                facility.EndsWith("NOTIFICATION", StringComparison.Ordinal))
                return LogComponent.Runtime;
            if (facility.EndsWith("EVENTING", StringComparison.Ordinal) || facility.EndsWith("MSGPROXY", StringComparison.Ordinal) ||
                mnemonic.StartsWith("REST_API", StringComparison.Ordinal))
                return LogComponent.CcpApi;
            if (facility.EndsWith("CCPAPI", StringComparison.Ordinal) && mnemonic.StartsWith("CREATE_SOCIAL", StringComparison.Ordinal))
            {
                weight = 1;
                return LogComponent.CcpPublicApps;
            }
            // The datastore facility writes in both the runtime and the REST API logs.
            weight = 1;
            return LogComponent.CcpApi;
        }
        if (FinesseLine.TryHeader(line, out _, out _, out _, out _))
        {
            weight = 3;
            return LogComponent.WebServices;
        }
        if (line.StartsWith("Events from ", StringComparison.Ordinal))
        {
            weight = 0;
            return LogComponent.Unknown;
        }
        return LogComponent.Unknown;
    }
}
