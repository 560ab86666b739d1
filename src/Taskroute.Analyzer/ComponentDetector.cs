using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// Tells a source's component from its first lines: the ICM process name (<c>cg3A-ctisvr</c>,
/// <c>PG2A-pim3</c>, <c>ra-rtr</c>), the CCP facility, or Finesse's bracketed header.
/// </summary>
internal static class ComponentDetector
{
    // Every line of the first 256 KiB counts, however many come before the first recognisable one
    // (a Java stack trace of hundreds of lines heads many a Finesse log) and wherever another
    // component's lines begin in notes pasted together. A mebibyte took a benchmark's seven files
    // twice as long to open, for stack traces longer than any seen.
    private const long MaxBytes = 256 * 1024;

    public static LogComponent Detect(Stream stream) => Detect(stream, out _, out _);

    /// <summary>
    /// The source's component, whether its lines are of more than one family (ICM traces, Cisco
    /// Log lines, Finesse lines): notes pasted together, or the TechNote's excerpts in one file; and
    /// whether it is grep's output of several files, each line with its file's path in front
    /// (<see cref="GrepPrefix"/>): more of its lines are read after such a prefix than as they are.
    /// </summary>
    public static LogComponent Detect(Stream stream, out bool mixed, out bool grep)
    {
        var scores = new int[Enum.GetValues<LogComponent>().Length];
        Span<int> families = stackalloc int[3];
        // What the lines say after a grep prefix counts only once the source is taken for grep's output.
        var prefixedScores = new int[scores.Length];
        Span<int> prefixedFamilies = stackalloc int[3];
        // UTF-16 without a byte order mark is told by its first bytes, which are then read again as text.
        var head = new byte[Utf16.Sniff];
        var length = 0;
        for (int n; length < head.Length && (n = stream.Read(head, length, head.Length - length)) > 0;) length += n;
        var encoding = Utf16.IsBomlessLittleEndian(head.AsSpan(0, length)) ? Encoding.Unicode : null;
        using var counted = new CountingStream(new Utf16.Prefixed(head, length, stream), null);
        using var reader = new LineReader(counted, encoding);
        int plain = 0, prefixed = 0;
        while (counted.BytesRead <= MaxBytes && reader.TryRead(out var line))
        {
            var component = OfLine(line, out var weight);
            if (weight > 0)
            {
                plain++;
                Count(scores, families, component, weight);
            }
            // Only a line read no other way is looked at for a prefix: a log's own lines cost nothing more.
            else if (GrepPrefix.TryFind(line, out _, out var start, out _))
            {
                prefixed++;
                component = OfLine(line[start..], out weight);
                Count(prefixedScores, prefixedFamilies, component, weight);
            }
        }
        grep = prefixed > 0 && prefixed >= plain;
        if (grep)
        {
            for (var i = 0; i < scores.Length; i++) scores[i] += prefixedScores[i];
            for (var i = 0; i < families.Length; i++) families[i] += prefixedFamilies[i];
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

    private static void Count(int[] scores, Span<int> families, LogComponent component, int weight)
    {
        scores[(int)component] += weight;
        if (weight > 0 && Family(component) is var family and >= 0) families[family]++;
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
