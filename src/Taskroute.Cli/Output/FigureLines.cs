namespace Taskroute.Cli.Output;

/// <summary>Named figures (<c>handled 10</c>) for a narrow terminal, where tables give way to lines.</summary>
internal static class FigureLines
{
    // Figures joined by commas into lines of at most width characters, so that no figure is parted from its name.
    public static IEnumerable<string> Pack(IEnumerable<string> figures, int width)
    {
        var line = "";
        foreach (var figure in figures)
        {
            // Room for ", " and the figure, and for the comma that ends the line if it breaks after it.
            if (line.Length > 0 && line.Length + 2 + figure.Length + 1 > width)
            {
                yield return line + ",";
                line = "";
            }
            line = line.Length == 0 ? figure : line + ", " + figure;
        }
        if (line.Length > 0) yield return line;
    }
}
