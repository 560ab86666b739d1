using BenchmarkDotNet.Attributes;

namespace Taskroute.Benchmarks;

/// <summary>
/// Whole task lifecycles (submit, route, offer, start, end) on the core. The baseline is the same
/// lifecycle in a tiny centre (10 agents, 100 queued); the ratio says what scale costs.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkJobs))]
public class LifecycleBenchmarks
{
    private const int Batch = 10_000;
    private BenchmarkCentre _small = null!;
    private BenchmarkCentre _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = new BenchmarkCentre(agents: 10, queued: 100);
        _large = new BenchmarkCentre(agents: 10_000, queued: 100_000);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "lifecycle, 10 agents, 100 queued")]
    public void SmallCentre()
    {
        for (var i = 0; i < Batch; i++) _small.Lifecycle();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "lifecycle, 10,000 agents, 100,000 queued")]
    public void LargeCentre()
    {
        for (var i = 0; i < Batch; i++) _large.Lifecycle();
    }
}
