using Spectre.Console;

namespace Taskroute.Cli.Output;

/// <summary><c>bench</c>'s figures: a table, or in a narrow terminal a line per row with each figure named.</summary>
internal static class BenchView
{
    public static void Write(IAnsiConsole console, string[] headings, IEnumerable<string[]> rows)
    {
        // Eight columns fold headings and figures mid-word below this width (as trace's tables do).
        if (console.Profile.Width < TraceView.WideEnough)
        {
            foreach (var row in rows)
            {
                console.MarkupLine($"[bold]{Markup.Escape(headings[0])}: {Markup.Escape(row[0])}[/]");
                foreach (var line in FigureLines.Pack(headings.Skip(1).Zip(row.Skip(1), (h, v) => $"{h} {v}"), console.Profile.Width - 4))
                    console.MarkupLine("    " + Markup.Escape(line));
            }
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns(headings);
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        console.Write(table);
    }
}
