using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Reporting;

namespace Taskroute.Benchmarks;

/// <summary>
/// How many bytes of heap one queued task keeps in the engine and in the reports, the two that
/// hold every open task: under a backlog this is what the garbage collector walks and what grows
/// (see docs/benchmarks.md). Then how long writing a snapshot of that backlog takes, the pause it
/// costs the writer loop. Tasks are submitted the way the submit benchmark sends them.
/// </summary>
public static class QueuedTaskSize
{
    // dotnet run -c Release --project bench/Taskroute.Benchmarks -- queuedsize [tasks]
    public static void Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var engine = new RoutingEngine(LabConfiguration.Create());
        var reports = new ReportBuilder(LabConfiguration.Create(), intervalMinutes: 30);
        var records = new FlowEvent[count][];
        var time = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var start = Heap();
        for (var i = 0; i < count; i++)
        {
            var data = new TaskData
            {
                ContactId = Guid.CreateVersion7(), FeedId = 100000, Name = "Load", Title = "bench", ScriptSelector = "CumulusTask",
                CallVariables = ["bench"],
            };
            engine.Execute(new SubmitTask(time + i, data));
            records[i] = engine.Events.ToArray();
        }
        var withRecords = Heap();
        var eventsPerSubmit = records.Average(r => r.Length);
        for (var i = 0; i < count; i++) reports.Add(i + 1, records[i]);
        var withReports = Heap();
        // The records are the journal's, not the engine's: let go of them before the engine is weighed.
        Array.Clear(records);
        var withoutRecords = Heap();
        var reportBytes = withReports - withRecords;
        var engineBytes = withoutRecords - start - reportBytes;
        Console.WriteLine($"{count:N0} queued tasks ({engine.QueuedTasks(LabConfiguration.TaskMrd):N0} in MRD {LabConfiguration.TaskMrd}), {eventsPerSubmit:F1} events each submit");
        Console.WriteLine($"engine:  {engineBytes / count,6:N0} bytes per queued task (task data included)");
        Console.WriteLine($"reports: {reportBytes / count,6:N0} bytes per queued task");
        Console.WriteLine($"records: {(withRecords - start - engineBytes) / count,6:N0} bytes per submit's journal record (its events), held until the journal and its readers are done with it");
        // The loop's pause for a snapshot of this backlog, as the server writes one (into a buffer it
        // keeps); the first round grows the buffer and compiles the writer.
        var buffer = new Taskroute.Core.Engine.Snapshots.SnapshotBuffer();
        for (var round = 1; round <= 4; round++)
        {
            buffer.Clear();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var length = engine.WriteUnsealedSnapshot(buffer);
            Console.WriteLine($"snapshot, round {round}: {clock.Elapsed.TotalMilliseconds:F0} ms for {length / 1e6:F1} MB, {clock.Elapsed.TotalMilliseconds * 1e6 / count:F0} ns per queued task");
        }
        GC.KeepAlive(engine);
        GC.KeepAlive(reports);
        // The emptied array itself was there at the start's weighing: kept, so it is not counted as freed.
        GC.KeepAlive(records);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
