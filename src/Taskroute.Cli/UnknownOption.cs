namespace Taskroute.Cli;

/// <summary>
/// A word that starts with a dash where a command takes paths: System.CommandLine hands a word it
/// does not know as an option to the paths argument, so a mistyped <c>--jsno</c> would be read as a
/// file after minutes of analysis. Said instead, with the option it most likely meant.
/// </summary>
internal static class UnknownOption
{
    // A file whose name starts with a dash stays readable: only a word naming nothing is refused.
    public static bool Is(string word) => word.Length > 1 && word[0] == '-' && !File.Exists(word) && !Directory.Exists(word);

    public static string Message(string word, IReadOnlyList<string> known)
    {
        var nearest = known.MinBy(k => Distance(word, k));
        // Two edits cover a dropped dash, a swapped pair and a slip of the finger; more is a guess.
        var guess = nearest is not null && Distance(word, nearest) <= 2 ? $" (did you mean {nearest}?)" : "";
        return $"'{word}' is neither an option nor a file or folder{guess}; the options are {string.Join(", ", known)}, and a file of that name is read as ./{word}";
    }

    // Edits between two words, a swap of neighbours counting as one (optimal string alignment).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
