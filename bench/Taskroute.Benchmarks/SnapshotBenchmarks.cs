using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Taskroute.Core.Engine;

namespace Taskroute.Benchmarks;

/// <summary>
/// What a snapshot costs the writer loop, which writes it between two batches, and what restoring
/// it costs a restart: a centre of 1,000 agents each holding a task, and a backlog queued behind them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SnapshotBenchmarks
{
    private RoutingEngine _engine = null!;
    private byte[] _snapshot = null!;

    [Params(1_000, 100_000)]
    public int Queued { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new BenchmarkCentre(1_000, Queued).Engine;
        _snapshot = _engine.WriteSnapshot();
        Console.WriteLine($"// 1,000 agents, {Queued:N0} queued: snapshot {_snapshot.Length:N0} bytes");
    }

    [Benchmark(Baseline = true, Description = "write a snapshot (on the loop)")]
    public int Write() => _engine.WriteSnapshot().Length;

    [Benchmark(Description = "restore it into a fresh engine")]
    public RoutingEngine Restore()
    {
        var engine = new RoutingEngine(_engine.Configuration);
        engine.RestoreSnapshot(_snapshot);
        return engine;
    }
}
