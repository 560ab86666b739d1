using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Taskroute.Benchmarks;

/// <summary>
/// Two jobs: the runtime's default GC, and a non-concurrent workstation GC with a 64 MB gen0 budget.
/// Every task keeps a few objects alive for as long as it waits, so gen0 collections copy nearly all
/// they find; a larger budget makes them rarer. Both run on one core for the engine.
/// </summary>
public sealed class BenchmarkJobs : ManualConfig
{
    public BenchmarkJobs()
    {
        AddJob(Job.Default.WithMaxIterationCount(40).WithId("default GC"));
        AddJob(Job.Default.WithMaxIterationCount(40).WithGcConcurrent(false)
            .WithEnvironmentVariable("DOTNET_GCgen0size", "0x4000000").WithId("gen0 64 MB"));
    }
}
