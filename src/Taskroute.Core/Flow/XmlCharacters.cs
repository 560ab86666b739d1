namespace Taskroute.Core.Flow;

/// <summary>Which characters XML 1.0 can carry: what the CCP Task API can hand back in its answers.</summary>
public static class XmlCharacters
{
    /// <summary>The index of the first character XML 1.0 cannot carry, or null when every one is fine.</summary>
    public static int? FirstInvalid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return i;
        }
        return null;
    }

    /// <summary>The text with every character XML cannot carry replaced by U+FFFD, so a message quoting bad input can still be written.</summary>
    public static string Clean(string text)
    {
        if (FirstInvalid(text) is not { } first) return text;
        var builder = new System.Text.StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            var fine = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            builder.Append(fine ? c : '\uFFFD');
        }
        return builder.ToString();
    }
}
