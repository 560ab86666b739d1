using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Taskroute.Logs;

namespace Taskroute.Benchmarks;

/// <summary>
/// What component logging costs routing: whole task lifecycles in the small centre of
/// <see cref="LifecycleBenchmarks"/>, without logs (the baseline) and with every event written by
/// <see cref="ComponentLogWriter"/> at the default level to real files, on the routing thread. Each
/// iteration writes into a fresh directory, removed afterwards, so the disk does not fill.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ComponentLogBenchmarks
{
    private const int Batch = 10_000;
    private BenchmarkCentre _plain = null!;
    private BenchmarkCentre _logged = null!;
    private string? _directory;

    [GlobalSetup]
    public void Setup()
    {
        _plain = new BenchmarkCentre(agents: 10, queued: 100);
        _logged = new BenchmarkCentre(agents: 10, queued: 100);
    }

    [IterationSetup(Target = nameof(WithComponentLogs))]
    public void OpenLogs()
    {
        _directory = Directory.CreateTempSubdirectory("taskroute-logbench-").FullName;
        _logged.Logs = new ComponentLogWriter(new ComponentLogSettings { Directory = _directory, UtcOffset = TimeSpan.Zero });
    }

    [IterationCleanup(Target = nameof(WithComponentLogs))]
    public void CloseLogs()
    {
        _logged.Logs?.Dispose();
        _logged.Logs = null;
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "lifecycle, no logs")]
    public void WithoutLogs()
    {
        for (var i = 0; i < Batch; i++) _plain.Lifecycle();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "lifecycle, component logs at INFO")]
    public void WithComponentLogs()
    {
        for (var i = 0; i < Batch; i++) _logged.Lifecycle();
    }
}
