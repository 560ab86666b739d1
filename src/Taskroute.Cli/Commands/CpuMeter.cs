using System.Diagnostics;
using System.Globalization;

namespace Taskroute.Cli.Commands;

/// <summary>
/// CPU time spent by the server (read from its <c>/metrics</c>: the runtime's
/// <c>dotnet_process_cpu_time_seconds_total</c>) and by this load generator over a measured window.
/// On a shared, noisy machine the rate of a run moves with what else runs; CPU per operation moves
/// much less, so <c>bench</c> reports both.
/// </summary>
internal sealed class CpuMeter
{
    private readonly HttpClient _http;
    private double? _serverStart;
    private TimeSpan _ownStart;

    private CpuMeter(HttpClient http) => _http = http;

    public static async Task<CpuMeter> StartAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var meter = new CpuMeter(http);
        meter._serverStart = await ServerSecondsAsync(http, cancellationToken);
        meter._ownStart = Process.GetCurrentProcess().TotalProcessorTime;
        return meter;
    }

    /// <summary>Microseconds of CPU per operation since the start, the server's (null when its metrics do not say) and the load generator's.</summary>
    public async Task<(double? Server, double Load)> PerOperationAsync(long operations, CancellationToken cancellationToken)
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime - _ownStart;
        var server = await ServerSecondsAsync(_http, cancellationToken);
        var each = Math.Max(1, operations);
        return (server is { } end && _serverStart is { } start ? (end - start) * 1e6 / each : null, own.TotalMicroseconds / each);
    }

    // The sum of the user and system modes of the runtime's CPU time counter, in seconds.
    private static async Task<double?> ServerSecondsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync("/metrics", cancellationToken);
            double total = 0;
            var found = false;
            foreach (var line in text.AsSpan().EnumerateLines())
            {
                if (!line.StartsWith("dotnet_process_cpu_time_seconds_total{")) continue;
                var value = line[(line.LastIndexOf(' ') + 1)..];
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) continue;
                total += seconds;
                found = true;
            }
            return found ? total : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static string Format(double? microseconds) => microseconds is { } us ? $"{us:N0} µs" : "n/a";
}
