using System.Text;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Files' lines as GNU grep prints them from several files: each with its path in front, ':' after
/// the path on a matching line and '-' on a context line, the line's number after it with -n, and
/// "--" between groups of lines that do not follow one another (within a file or across files).
/// </summary>
internal static class GrepPrinter
{
    public static string Print(IEnumerable<(string Path, string[] Lines)> files, Func<string, bool> match, bool numbered = false, int before = 0, int after = 0)
    {
        var output = new StringBuilder();
        var context = before > 0 || after > 0;
        var printed = false;
        foreach (var (path, lines) in files)
        {
            var shown = new bool[lines.Length];
            var matched = lines.Select(match).ToArray();
            for (var i = 0; i < lines.Length; i++)
                if (matched[i])
                    for (var j = Math.Max(0, i - before); j <= Math.Min(lines.Length - 1, i + after); j++) shown[j] = true;
            var last = -2;
            for (var i = 0; i < lines.Length; i++)
            {
                if (!shown[i]) continue;
                if (context && printed && i != last + 1) output.Append("--\n");
                var separator = matched[i] ? ':' : '-';
                output.Append(path).Append(separator);
                if (numbered) output.Append(i + 1).Append(separator);
                output.Append(lines[i]).Append('\n');
                printed = true;
                last = i;
            }
        }
        return output.ToString();
    }

    /// <summary>Every line, as <c>grep -r '' logs/</c> (or with -n, <c>grep -rn</c>) prints them.</summary>
    public static string All(IEnumerable<(string Path, string[] Lines)> files, bool numbered = false) => Print(files, _ => true, numbered);
}
