using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// What GNU grep puts before each line it prints from several files: the file's path and a colon
/// (<c>logs/rtr.log:08:55:49:401 ra-rtr Trace: ...</c>), with <c>-n</c> the line's number and another
/// colon (<c>logs/rtr.log:57:...</c>); a context line of <c>-A</c>, <c>-B</c> or <c>-C</c> has dashes
/// instead (<c>logs/rtr.log-58-...</c>). With <c>-n</c> and one file there is the number alone
/// (<c>57:...</c>). Paths hold dashes and colons, and so do the lines, so a prefix is only taken for
/// one when what follows it is a line the analyzer reads (an ICM trace, a Cisco Log or Finesse line,
/// a dumplog header); a message's continuation lines, which are not, are known by the path of the
/// line before them (<see cref="TryStrip"/>).
/// </summary>
internal static class GrepPrefix
{
    // Paths are shorter than this; a separator further on is within the line itself.
    private const int MaxPath = 1024;

    /// <summary>grep's line between groups of context lines.</summary>
    public static bool IsGroupSeparator(ReadOnlySpan<char> line) => line.SequenceEqual("--");

    /// <summary>True when the line starts as one the analyzer reads, with nothing before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Known(ReadOnlySpan<char> line) =>
        line.Length > 0 && (IcmLine.TryHeader(line, out _, out _, out _, out _) || CiscoLogLine.TryHeader(line, out _, out _, out _, out _) ||
        FinesseLine.TryHeader(line, out _, out _, out _, out _) || line.StartsWith("Events from ", StringComparison.Ordinal));

    /// <summary>
    /// The first prefix, path first, that leaves a line the analyzer reads: its path is
    /// <c>line[..pathLength]</c> (empty for the number alone) and the line starts at <paramref name="contentStart"/>.
    /// A number is taken for grep's where one can be: without <c>-n</c>, what follows an ICM time's first
    /// colon is no time, nor what follows a Cisco Log or Finesse line's sequence number a line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFind(ReadOnlySpan<char> line, out int pathLength, out int contentStart, out bool numbered)
    {
        pathLength = 0;
        numbered = true;
        if (TryNumber(line, 0, '\0', out contentStart) && Known(line[contentStart..])) return true;
        var limit = Math.Min(line.Length - 1, MaxPath);
        for (var i = 1; i < limit; i++)
        {
            var separator = line[i];
            if (separator is not (':' or '-')) continue;
            pathLength = i;
            numbered = true;
            if (TryNumber(line, i + 1, separator, out contentStart) && Known(line[contentStart..])) return true;
            numbered = false;
            contentStart = AfterMark(line, i + 1);
            if (Known(line[contentStart..])) return true;
        }
        pathLength = contentStart = 0;
        numbered = false;
        return false;
    }

    /// <summary>
    /// Where the line starts after <paramref name="path"/>'s prefix, printed as before
    /// (<paramref name="numbered"/> with <c>-n</c>); false when the line has no such prefix. What follows
    /// is not looked at: a dump's field lines carry the prefix too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryStrip(ReadOnlySpan<char> line, string path, bool numbered, out int contentStart)
    {
        contentStart = 0;
        if (!line.StartsWith(path, StringComparison.Ordinal)) return false;
        var at = path.Length;
        var separator = '\0';
        if (at > 0)
        {
            if (at >= line.Length || line[at] is not (':' or '-')) return false;
            separator = line[at++];
        }
        if (numbered && !TryNumber(line, at, separator, out at)) return false;
        contentStart = AfterMark(line, at);
        return true;
    }

    // Digits from `at` and then the separator (either, for '\0'): grep's line number.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryNumber(ReadOnlySpan<char> line, int at, char separator, out int after)
    {
        after = 0;
        var i = at;
        while (i < line.Length && char.IsAsciiDigit(line[i])) i++;
        if (i == at || i >= line.Length || line[i] is not (':' or '-') || (separator != '\0' && line[i] != separator)) return false;
        after = i + 1;
        return true;
    }

    // A file that starts with a byte order mark has it after the prefix on its first line.
    private static int AfterMark(ReadOnlySpan<char> line, int at) => at < line.Length && line[at] == '\uFEFF' ? at + 1 : at;
}
