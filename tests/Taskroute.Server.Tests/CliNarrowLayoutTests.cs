using System.Text.RegularExpressions;
using Spectre.Console;
using Taskroute.Cli.Output;
using Taskroute.Core.Engine;
using Taskroute.Core.Lab;
using Taskroute.Core.Reporting;
using Taskroute.Server.Reporting;

namespace Taskroute.Server.Tests;

/// <summary>
/// The CLI's tables in a terminal 80 columns wide (and, for contrast, 200): report summary and
/// intervals, simulate and bench keep every line within the width, words and ids whole.
/// </summary>
public class CliNarrowLayoutTests
{
    private static string Draw(int width, Action<IAnsiConsole> write)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = width;
        write(console);
        // Bold stays on without colours; what counts is what the terminal shows.
        var output = Regex.Replace(text.ToString(), "\u001b\\[[0-9;]*m", "");
        Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd().Length <= width, line));
        return output;
    }

    private static ReportRow Row(string id, string name) => new(
        new DateTimeOffset(2024, 1, 30, 13, 30, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero), "mrd", id, name,
        new Dictionary<string, long> { ["offered"] = 12, ["routed"] = 11, ["handled"] = 10, ["abandonedInQueue"] = 1, ["rona"] = 2 },
        new IntervalFigures(91.7, 91.7, 83.3, 91.7, 64_512, 1_234, 5_000, 76_791, 42.5));

    [Theory]
    [InlineData(80, false)]
    [InlineData(80, true)]
    [InlineData(200, false)]
    public void Report_summary_and_intervals_keep_ids_names_and_figures_whole(int width, bool perInterval)
    {
        var report = new IntervalReport("mrd", 30, new DateTimeOffset(2024, 1, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.Zero),
            [Row("5011", "Cumulus_Task"), Row("5012", "Cumulus_Chat")], Row("*", "All"));
        var output = Draw(width, console => ReportView.Write(console, report, perInterval, TimeZoneInfo.Utc));
        foreach (var whole in new[] { "5011", "Cumulus_Task", "5012", "Cumulus_Chat", "91.7%", "64.5 s", "76.8 s", "42.5%" })
            Assert.Contains(whole, output, StringComparison.Ordinal);
        if (perInterval) Assert.Contains("2024-01-30 13:30", output, StringComparison.Ordinal);
        if (width == 80) Assert.Contains("offered 12, routed 11, handled 10", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public void Simulate_shows_every_message_and_its_task_id_whole(int width)
    {
        var events = SeedScenario.Run(new RoutingEngine(LabConfiguration.Create()));
        var output = Draw(width, console => FlowTable.Write(console, events, SeedScenario.Offset));
        foreach (var e in events) Assert.Contains(e.Message.ToString(), output, StringComparison.Ordinal);
        Assert.Contains("154526:37051928:1", output, StringComparison.Ordinal);
        Assert.Contains("ae93f5ad-452d-4c52-8057-8d23864a8a8a", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_names_each_figure_in_a_narrow_terminal()
    {
        string[] headings = ["endpoint", "requests/s", "p50 ms", "p99 ms", "max ms", "server CPU", "load CPU", "errors"];
        var output = Draw(80, console => BenchView.Write(console, headings,
            [["plain (baseline)", "41,843", "0.78", "13.66", "88.66", "91 µs", "45 µs", "0"], ["durable submit", "16,279", "3.40", "11.50", "129.82", "212 µs", "47 µs", "0"],
            // A figure that ends a line exactly at the width, with its comma one past it.
            ["durable submit", "278", "6.87", "17.37", "23.24", "2,470 µs", "1,735 µs", "0"]]));
        foreach (var whole in new[] { "endpoint: plain (baseline)", "endpoint: durable submit", "requests/s 41,843", "server CPU 212 µs", "max ms 129.82", "errors 0", "server CPU 2,470 µs" })
            Assert.Contains(whole, output, StringComparison.Ordinal);
    }
}
