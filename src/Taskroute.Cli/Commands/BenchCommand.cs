using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using Spectre.Console;
using Taskroute.Cli.Output;

namespace Taskroute.Cli.Commands;

/// <summary>
/// <c>taskroute bench</c>: a load generator in its own process against a running server on this
/// machine. It measures the plain endpoint and durable task submits in the same run, so the ratio
/// between them holds even on a noisy machine.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        // --server too, as trace, report and logs name the server they ask.
        var url = new Option<string>("--url", "--server") { Description = "The server to load; loopback only.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var seconds = new Option<int>("--seconds") { Description = "How long each phase runs, 1 to 3,600 seconds (with --soak 2 to 86,400).", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "Concurrent requests in flight, 1 to 1,024.", DefaultValueFactory = _ => 64 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of the same load before measuring (JIT tiers, connection pools), 0 to 600.", DefaultValueFactory = _ => 5 };
        var agents = new Option<int>("--agents") { Description = "Simulate this many agents (1 to 100,000) working tasks end to end (the server runs the configuration --write-config makes)." };
        var serviceMs = new Option<int>("--service-ms") { Description = "With --agents: how long each simulated agent works a task.", DefaultValueFactory = _ => 0 };
        var writeConfig = new Option<string>("--write-config") { Description = "With --agents: write the configuration the server needs for the simulated agents to this file, and stop." };
        var soak = new Option<bool>("--soak") { Description = "With --agents: run steadily for --seconds (default an hour) and report, every --window, the rate, latency and the server's memory, then their drift." };
        var window = new Option<int>("--window") { Description = "With --soak: seconds per reported window.", DefaultValueFactory = _ => 60 };
        var transport = new Option<string>("--transport")
        {
            Description = "With --agents: how simulated agents work: channel (one WebSocket each for updates and dialog steps) or rest (an SSE stream and a PUT per step).",
            DefaultValueFactory = _ => "channel",
        };
        var client = new Option<string>("--client")
        {
            Description = "The load generator's own client: lean (its own epoll loop, on Linux over http; elsewhere dotnet) or dotnet (HttpClient and ClientWebSocket, heavier).",
            DefaultValueFactory = _ => "lean",
        };
        var rate = new Option<int>("--rate") { Description = "With --agents: submits per second at most (0: as fast as the agents take them).", DefaultValueFactory = _ => 0 };
        var command = new Command("bench", "Measure a running server: durable task submits next to its plain endpoint, or with --agents whole task lifecycles worked by simulated agents.")
        {
            url, seconds, warmup, connections, agents, serviceMs, writeConfig, soak, window, rate, transport, client,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A value out of range was once clamped or passed over, and the run measured something else than asked.
            var outOfRange = OutOfRange(parse, seconds, parse.GetValue(soak) ? 2 : 1, parse.GetValue(soak) ? 24 * 3600 : 3600)
                ?? OutOfRange(parse, warmup, 0, 600)
                ?? OutOfRange(parse, connections, 1, MaxConnections)
                ?? OutOfRange(parse, agents, 1, MaxAgents)
                ?? OutOfRange(parse, serviceMs, 0, 3_600_000)
                ?? OutOfRange(parse, window, 1, 3600)
                ?? OutOfRange(parse, rate, 0, 1_000_000);
            if (outOfRange is not null) return Cli.Fail(outOfRange);
            if (parse.GetValue(writeConfig) is { } file)
            {
                // The configuration holds the simulated agents, so without their number there is nothing to write.
                var agentsToWrite = parse.GetValue(agents);
                if (agentsToWrite <= 0)
                    return Cli.Fail($"--write-config needs --agents N, the number of simulated agents the configuration holds (for example: bench --agents 1000 --write-config {file})");
                if (Directory.Exists(file)) return Cli.Fail($"--write-config: {file} is a directory; give the name of the file to write");
                try
                {
                    await File.WriteAllTextAsync(file, AgentLoad.Configuration(agentsToWrite), cancellationToken);
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    return Cli.Fail(Cli.CannotWrite("--write-config", file, ex));
                }
                Console.WriteLine($"wrote {file}: {agentsToWrite} agents (login ids {AgentLoad.FirstLogin} on, password {AgentLoad.Password}), script selector {AgentLoad.Selector}. Start the server with --config {file}.");
                return 0;
            }
            // Checked here rather than by the parser, which answers a wrong case with the whole help.
            var transportName = parse.GetValue(transport)!.Trim();
            if (!transportName.Equals("channel", StringComparison.OrdinalIgnoreCase) && !transportName.Equals("rest", StringComparison.OrdinalIgnoreCase))
                return Cli.Fail($"--transport: '{transportName}' is not one of channel, rest");
            var clientName = parse.GetValue(client)!.Trim();
            if (!clientName.Equals("lean", StringComparison.OrdinalIgnoreCase) && !clientName.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                return Cli.Fail($"--client: '{clientName}' is not one of lean, dotnet");
            var (checkedServer, error) = await BenchTarget.CheckAsync(parse.GetValue(url)!, cancellationToken);
            if (checkedServer is null) return Cli.Fail(error!);
            try
            {
                return await RunAsync(parse, checkedServer, cancellationToken);
            }
            // The server went away after the check: the lean load generator's sockets say so in their own words.
            catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or IOException)
            {
                return Cli.Fail(BenchTarget.Unreachable(checkedServer, ex));
            }
        });
        return command;

        async Task<int> RunAsync(ParseResult parse, Uri server, CancellationToken cancellationToken)
        {
            // The lean load generator where it runs (Linux, plain http) unless --client dotnet asks for HttpClient.
            var lean = parse.GetValue(client)!.Trim().Equals("lean", StringComparison.OrdinalIgnoreCase) && server.Scheme == "http" && Load.Epoll.Supported;
            if (parse.GetValue(agents) is > 0 and var agentCount)
            {
                if (parse.GetValue(soak))
                {
                    var soakFor = parse.GetResult(seconds) is null ? 3600 : parse.GetValue(seconds);
                    return await Soak.RunAsync(server, agentCount, TimeSpan.FromSeconds(soakFor), TimeSpan.FromSeconds(parse.GetValue(window)),
                        parse.GetValue(connections), parse.GetValue(rate), TimeSpan.FromMilliseconds(parse.GetValue(serviceMs)), cancellationToken, lean);
                }
                var run = TimeSpan.FromSeconds(parse.GetValue(seconds));
                var result = await AgentLoad.RunAsync(server, agentCount, TimeSpan.FromSeconds(parse.GetValue(warmup)), run, parse.GetValue(connections),
                    TimeSpan.FromMilliseconds(parse.GetValue(serviceMs)), cancellationToken, parse.GetValue(rate), overChannel: !parse.GetValue(transport)!.Trim().Equals("rest", StringComparison.OrdinalIgnoreCase),
                    lean: lean);
                var console = Cli.Console();
                BenchView.Write(console, ["agents", "lifecycles/s", "lifecycles", "offer p50 ms", "p99 ms", "server CPU", "load CPU", "errors"],
                [[$"{agentCount:N0}", $"{result.LifecyclesPerSecond:N0}", $"{result.Lifecycles:N0}", $"{result.P50OfferMs:N2}", $"{result.P99OfferMs:N2}",
                    CpuMeter.Format(result.ServerCpuUs), CpuMeter.Format(result.LoadCpuUs), $"{result.Errors:N0}"]]);
                console.MarkupLine("offer: from sending a submit to the agent reading its offer; CPU: per lifecycle, the server's (from its /metrics) and this load generator's");
                if (result.Lifecycles == 0)
                    return Cli.Fail($"no task was worked to its end: start the server with the configuration --write-config makes, on a fresh data directory (agents {AgentLoad.FirstLogin} on may still hold tasks from an earlier run)");
                return result.Errors > 0 ? 1 : 0;
            }

            var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
            var parallel = parse.GetValue(connections);

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = server,
                Timeout = TimeSpan.FromSeconds(30),
            };
            const string task = """{"name":"Load","title":"bench","scriptSelector":"CumulusTask","callVariables":{"1":"bench"}}""";

            var warm = TimeSpan.FromSeconds(parse.GetValue(warmup));
            // Each phase runs its load for the warm-up time first, unmeasured.
            await Phase(http, lean, "/api/v1/bench/plain", task, warm, parallel, cancellationToken);
            var plain = await Phase(http, lean, "/api/v1/bench/plain", task, duration, parallel, cancellationToken);
            // A server that fails every request (one that answers /healthz but is not Taskroute) would
            // get a table of its failures' rate and a ratio between two rates of failures.
            if (NoneAnswered(server, "/api/v1/bench/plain", plain) is { } unlike) return Cli.Fail(unlike);
            await Phase(http, lean, "/api/v1/tasks", task, warm, parallel, cancellationToken);
            var submits = await Phase(http, lean, "/api/v1/tasks", task, duration, parallel, cancellationToken);
            if (NoneAnswered(server, "/api/v1/tasks", submits) is { } refused) return Cli.Fail(refused);

            var output = Cli.Console();
            BenchView.Write(output, ["endpoint", "requests/s", "p50 ms", "p99 ms", "max ms", "server CPU", "load CPU", "errors"],
                new[] { (Name: "plain (baseline)", Phase: plain), (Name: "durable submit", Phase: submits) }.Select(p =>
                    new[] { p.Name, $"{p.Phase.Rate:N0}", $"{p.Phase.P50:N2}", $"{p.Phase.P99:N2}", $"{p.Phase.Max:N2}", CpuMeter.Format(p.Phase.ServerCpuUs), CpuMeter.Format(p.Phase.LoadCpuUs), $"{p.Phase.Errors:N0}" }));
            output.MarkupLine($"durable submits run at [bold]{submits.Rate / Math.Max(1, plain.Rate):P0}[/] of the plain endpoint's rate, {parallel} connections, {duration.TotalSeconds:N0} s per phase; CPU per request, the server's (from its /metrics) and this load generator's");
            foreach (var (name, phase) in new[] { ("requests to the plain endpoint", plain), ("durable submits", submits) })
                if (phase.Errors > 0) Console.Error.WriteLine($"taskroute: {phase.Errors:N0} of {phase.Errors + phase.Succeeded:N0} {name} failed (the first: {phase.FirstError}); the figures count them");
            return plain.Errors + submits.Errors > 0 ? 1 : 0;
        }
    }

    // The lean load generator keeps a socket per connection and per agent: beyond these, a run
    // measures the machine's file descriptors and the load generator rather than the server.
    private const int MaxConnections = 1024;
    private const int MaxAgents = 100_000;

    private static string? OutOfRange(ParseResult parse, Option<int> option, int least, int most) =>
        parse.GetResult(option) is not null && parse.GetValue(option) is var value && (value < least || value > most)
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{option.Name}: must be {least:N0} to {most:N0} (got {value})")
            : null;

    private static string? NoneAnswered(Uri server, string path, PhaseResult phase) =>
        phase.Succeeded == 0
            ? $"the server at {server} did not answer as Taskroute does: every request to {path} failed ({phase.Errors:N0} of them; the first: {phase.FirstError ?? "no answer"}); give --url http://HOST:PORT of a running Taskroute server"
            : null;

    private sealed record PhaseResult(double Rate, double P50, double P99, double Max, long Errors, double? ServerCpuUs, double LoadCpuUs, long Succeeded, string? FirstError);

    private static async Task<PhaseResult> Phase(HttpClient client, bool lean, string path, string body, TimeSpan duration, int parallel, CancellationToken cancellationToken)
    {
        var cpu = await CpuMeter.StartAsync(client, cancellationToken);
        var (latencies, errors, elapsed, succeeded, firstError) = lean
            ? await Load.SubmitPhaseOnEpoll.RunAsync(client.BaseAddress!, path, body, duration, parallel, cancellationToken)
            : await PhaseOnHttpClient(client, path, body, duration, parallel, cancellationToken);
        var all = latencies.ToArray();
        Array.Sort(all);
        var (serverCpu, loadCpu) = await cpu.PerOperationAsync(all.Length, cancellationToken);
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new PhaseResult(all.Length / elapsed.TotalSeconds, At(0.50), At(0.99), all.Length == 0 ? 0 : all[^1], errors, serverCpu, loadCpu, succeeded, firstError);
    }

    private static async Task<Load.SubmitPhaseOnEpoll.Outcome> PhaseOnHttpClient(HttpClient client, string path, string body, TimeSpan duration, int parallel, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[parallel];
        long errors = 0;
        long succeeded = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, parallel).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(1 << 16);
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(path, content, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"answered {(int)response.StatusCode}", null);
                    }
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return new(latencies.SelectMany(l => l).ToList(), errors, clock.Elapsed, succeeded, firstError);
    }
}
