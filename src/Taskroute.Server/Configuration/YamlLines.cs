namespace Taskroute.Server.Configuration;

/// <summary>
/// Lines of a YAML file to point at where the parser's own position is not the one to fix: a key
/// given twice (found once the whole mapping has parsed) and a tab used to indent.
/// </summary>
internal static class YamlLines
{
    /// <summary>
    /// The lines (from 1) of the first key given twice in one block mapping; null when the key is only
    /// ever given twice inside a flow mapping (<c>{ a: 1, a: 2 }</c>) or not found.
    /// </summary>
    public static (int First, int Second)? Twice(string text, string key)
    {
        var lines = text.Split('\n');
        // Keys seen in mappings still open: a line that starts left of a key's column closes its mapping.
        var open = new List<(int Line, int Column)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var content = line.TrimStart(' ');
            if (content.Length == 0 || content[0] == '#') continue;
            open.RemoveAll(o => line.Length - content.Length < o.Column);
            // A list item's first key sits after its "- ".
            while (content.StartsWith("- ", StringComparison.Ordinal)) content = content[2..].TrimStart(' ');
            var column = line.Length - content.Length;
            if (KeyOf(content) != key) continue;
            foreach (var o in open)
                if (o.Column == column) return (o.Line, i + 1);
            open.Add((i + 1, column));
        }
        return null;
    }

    /// <summary>The first line (from 1) indented with a tab, or null.</summary>
    public static int? FirstTabIndented(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var content = line.TrimStart(' ', '\t');
            if (content.Length > 0 && content[0] != '#' && line[..^content.Length].Contains('\t', StringComparison.Ordinal)) return i + 1;
        }
        return null;
    }

    private static string? KeyOf(string content)
    {
        var colon = content.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || (colon + 1 < content.Length && content[colon + 1] is not (' ' or '\t' or '\r'))) return null;
        return content[..colon].Trim().Trim('"', '\'');
    }
}
