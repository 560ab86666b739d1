using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute bench --agents N --soak</c>: simulated agents work tasks at a steady rate for a long
/// time; every window it reports the rate, submit-to-offer latency and the server's memory, and at
/// the end how far each drifted from the first windows to the last.
/// </summary>
internal static class Soak
{
    private sealed record Window(int Number, double Rate, double P50, double P99, double WorkingSetMb, double HeapMb, long Retained, long Errors);

    public static async Task<int> RunAsync(Uri server, int agents, TimeSpan duration, TimeSpan window, int submitters, int rate, TimeSpan serviceTime, CancellationToken cancellationToken,
        bool lean = true)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var windows = new List<Window>();
        var console = AnsiConsole.Console;
        console.MarkupLine($"Soak: {agents:N0} agents, {(rate > 0 ? $"at most {rate:N0} submits/s" : "as fast as the agents take tasks")}, {duration.TotalMinutes:N1} min, a row every {window.TotalSeconds:N0} s.");
        Console.WriteLine("window   lifecycles/s   offer p50 ms   offer p99 ms   server MB   GC heap MB   retained tasks   errors");
        var result = await AgentLoad.RunAsync(server, agents, TimeSpan.FromSeconds(5), duration, submitters, serviceTime, cancellationToken, rate, window, async w =>
        {
            var status = await http.GetFromJsonAsync<JsonElement>("/api/v1/status", cancellationToken);
            var process = status.GetProperty("process");
            var row = new Window(windows.Count + 1, w.LifecyclesPerSecond, w.P50OfferMs, w.P99OfferMs,
                process.GetProperty("workingSetBytes").GetInt64() / 1e6, process.GetProperty("gcHeapBytes").GetInt64() / 1e6, process.GetProperty("retainedContacts").GetInt64(), w.Errors);
            windows.Add(row);
            Console.WriteLine($"{row.Number,6} {row.Rate,14:N0} {row.P50,14:N2} {row.P99,14:N2} {row.WorkingSetMb,11:N0} {row.HeapMb,12:N0} {row.Retained,16:N0} {row.Errors,8:N0}");
        }, lean: lean);
        if (windows.Count < 2)
        {
            Console.Error.WriteLine("taskroute: the soak ended before two windows; give --seconds at least twice --window");
            return 2;
        }
        // First and last fifth (at least one window each): drift between the two ends of the run.
        var n = Math.Max(1, windows.Count / 5);
        var first = windows.Take(n).ToList();
        var last = windows.TakeLast(n).ToList();
        static string Drift(double from, double to) => from == 0 ? "n/a" : $"{(to - from) / from:+0.0%;-0.0%;0.0%}";
        var table = new Table().Border(TableBorder.Rounded).Title($"Drift: the first {n} window(s) against the last {n}")
            .AddColumns("measure", "start", "end", "drift");
        void Row(string name, Func<Window, double> pick, string format)
        {
            var a = first.Average(pick);
            var b = last.Average(pick);
            table.AddRow(name, a.ToString(format, System.Globalization.CultureInfo.InvariantCulture), b.ToString(format, System.Globalization.CultureInfo.InvariantCulture), Drift(a, b));
        }
        Row("lifecycles/s", w => w.Rate, "N0");
        Row("offer p50 ms", w => w.P50, "N2");
        Row("offer p99 ms", w => w.P99, "N2");
        Row("server working set MB", w => w.WorkingSetMb, "N0");
        Row("GC heap MB", w => w.HeapMb, "N0");
        Row("retained tasks", w => w.Retained, "N0");
        console.Write(table);
        console.MarkupLine($"{result.Lifecycles:N0} lifecycles in the measured windows' run, {result.Errors:N0} errors.");
        return result.Errors > 0 ? 1 : 0;
    }
}
