using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Taskroute.Core.Flow;
using Taskroute.Core.Reporting;
using Taskroute.Server.Reporting;
using Taskroute.Storage.Reports;

namespace Taskroute.Benchmarks;

/// <summary>
/// Report questions over a week of a 100-agent centre's tasks: a million tasks against a thousand
/// (the baseline), the full path of <c>/api/v1/reports/...</c> below HTTP. Also the cost of keeping
/// the reports: the builder's time per whole task life, from the journal's records.
/// </summary>
/// <remarks>
/// The store is built once through <see cref="ReportBuilder"/> from the benchmark centre's real
/// engine records (tasks a little over half a second apart for a million) and kept in the temp folder.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ReportBenchmarks
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private ReportStore _store = null!;
    private ReportQuery _query = null!;
    private long _from, _to;
    private List<FlowEvent[]> _records = null!;

    [Params(1_000, 1_000_000)]
    public int Tasks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskroute-report-bench-{Tasks}.db");
        var centre = new BenchmarkCentre(agents: 100, queued: 20);
        if (!File.Exists(path + ".complete")) Build(path, Tasks);
        _store = new ReportStore(path, 30);
        _query = new ReportQuery(_store, () => centre.Engine.Configuration, TimeProvider.System, () => [], () => null);
        (_from, _to) = (centre.Now - 3_600_000, centre.Now + (long)Week.TotalMilliseconds + 3_600_000);

        // Ten thousand task lives' records, for the cost of keeping the reports.
        _records = [];
        var sample = new BenchmarkCentre(agents: 100, queued: 20) { Records = r => _records.Add(r) };
        for (var i = 0; i < 10_000; i++) sample.Lifecycle();
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public long SummaryByMrd() => _query.Summary(ReportDimension.Mrd, _from, _to, null).Total.Counts["handled"];

    [Benchmark]
    public long SummaryByAgent() => _query.Summary(ReportDimension.Agent, _from, _to, null).Total.Counts["handled"];

    [Benchmark]
    public int IntervalsBySkillGroup() => _query.Intervals(ReportDimension.SkillGroup, _from, _to, null).Rows.Count;

    [Benchmark]
    public long FirstPageOfTaskDetails() => _query.Tasks(_from, _to, null, null, 1, 100).Total;

    /// <summary>Builds the reports of ten thousand task lives (divide by 10,000 for one).</summary>
    [Benchmark]
    public int KeepReportsOfTenThousandTasks()
    {
        var builder = new ReportBuilder(new BenchmarkCentre(agents: 100, queued: 20).Engine.Configuration, 30);
        for (var i = 0; i < _records.Count; i++) builder.Add(i + 1, _records[i]);
        return builder.TakeChanges().Tasks.Count;
    }

    private static void Build(string path, int tasks)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*")) File.Delete(file);
        var clock = Stopwatch.StartNew();
        using var store = new ReportStore(path, 30);
        var centre = new BenchmarkCentre(agents: 100, queued: 20);
        var builder = new ReportBuilder(centre.Engine.Configuration, 30);
        var sequence = 0L;
        centre.Records = record => builder.Add(++sequence, record);
        var step = (long)Week.TotalMilliseconds / tasks;
        for (var task = 1; task <= tasks; task++)
        {
            centre.Advance(step);
            centre.Lifecycle();
            if (task % 50_000 != 0 && task != tasks) continue;
            // No journal behind these reports: nothing to tie them to, and only queries read them.
            store.Save(builder, 0);
        }
        File.WriteAllText(path + ".complete", $"{tasks} tasks in {clock.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"// built {path}: {tasks} tasks in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
