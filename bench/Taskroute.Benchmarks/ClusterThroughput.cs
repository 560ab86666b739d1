using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using Taskroute.Cluster;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;
using Taskroute.Storage;
using Taskroute.Storage.Postgres;

namespace Taskroute.Benchmarks;

/// <summary>
/// Durable task submits to ten routing domains on an Orleans cluster of 1, 2 and 3 silos (in this
/// process, on this machine), against the single process (one writer loop with group commit on the
/// same PostgreSQL) in the same run: throughput, and the latency the cluster hop adds. A measured
/// method rather than a BenchmarkDotNet job: each figure is seconds of concurrent load.
/// </summary>
public static class ClusterThroughput
{
    private const int Domains = 10;
    private const int WritersPerDomain = 8;

    // dotnet run -c Release --project bench/Taskroute.Benchmarks -- cluster [seconds]   (PostgreSQL in TASKROUTE_TEST_POSTGRES)
    public static async Task Run(string[] args)
    {
        var connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("set TASKROUTE_TEST_POSTGRES to a PostgreSQL connection string");
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        Console.WriteLine($"{Domains} domains, {WritersPerDomain} concurrent writers each, {seconds} s per configuration");

        var single = await SingleProcess(connection, seconds);
        Report("single process (writer loop, group commit)", single, null);
        for (short silos = 1; silos <= 3; silos++)
            Report($"cluster, {silos} silo{(silos > 1 ? "s" : "")}", await Cluster(connection, silos, seconds), single);
    }

    private static void Report(string name, (int Count, double Seconds, List<double> Latencies) run, (int Count, double Seconds, List<double> Latencies)? baseline)
    {
        run.Latencies.Sort();
        double P(double q) => run.Latencies.Count == 0 ? 0 : run.Latencies[Math.Min(run.Latencies.Count - 1, (int)(q * run.Latencies.Count))];
        var rate = run.Count / run.Seconds;
        var line = $"{name,-45} {rate,8:F0} submits/s  p50 {P(0.5),6:F2} ms  p99 {P(0.99),6:F2} ms";
        if (baseline is { } b)
        {
            b.Latencies.Sort();
            var baseP50 = b.Latencies[b.Latencies.Count / 2];
            line += $"  ({rate / (b.Count / b.Seconds):F2} of single; hop adds {P(0.5) - baseP50:F2} ms at p50)";
        }
        Console.WriteLine(line);
    }

    private static TaskData Task() => new() { ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = "n", Title = "t", ScriptSelector = LabConfiguration.TaskSelector };

    private static async Task<(int, double, List<double>)> Load(int seconds, Func<int, Task> submit)
    {
        var latencies = new List<double>();
        var count = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        async Task Writer(int domain)
        {
            var mine = new List<double>();
            while (clock.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                await submit(domain);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
                count += mine.Count;
            }
        }
        await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, Domains * WritersPerDomain).Select(i => System.Threading.Tasks.Task.Run(() => Writer(i % Domains))));
        return (count, clock.Elapsed.TotalSeconds, latencies);
    }

    private static async Task<(int, double, List<double>)> SingleProcess(string connection, int seconds)
    {
        var table = "bench_single_" + Guid.NewGuid().ToString("N")[..8];
        using var journal = new PostgresJournal(connection, table);
        var host = new EngineHost(new RoutingEngine(LabConfiguration.Create()), journal, TimeProvider.System, NullLogger<EngineHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        try
        {
            return await Load(seconds, async _ =>
            {
                var result = await host.ExecuteAsync(now => new SubmitTask(now, Task()));
                if (!result.Succeeded) throw new InvalidOperationException(result.Detail);
            });
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<(int, double, List<double>)> Cluster(string connection, short silos, int seconds)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, Domains).Select(i => $"b{run}_{i}").ToArray();
        var catalog = new DomainCatalog(connection, names.ToDictionary(n => n, _ => LabConfiguration.Create()));
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureHost(host => host.Services.AddSingleton(catalog).AddSingleton(TimeProvider.System));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = names.Select(n => cluster.Client.GetGrain<IRoutingDomainGrain>(n)).ToArray();
        foreach (var grain in grains) await grain.JournalLength(); // activate before measuring
        return await Load(seconds, async domain =>
        {
            var answer = await grains[domain].Execute(CommandCodec.Encode(new SubmitTask(0, Task())));
            if (!answer.Succeeded) throw new InvalidOperationException(answer.Detail);
        });
    }
}
