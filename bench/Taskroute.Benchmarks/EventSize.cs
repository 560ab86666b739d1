using Taskroute.Analyzer;

namespace Taskroute.Benchmarks;

/// <summary>
/// How many bytes one analyzer event takes on the heap: every event found stays in memory until its
/// task has been handed out, so this is the analyzer's memory per event (see docs/analyzer.md).
/// </summary>
public static class EventSize
{
    // dotnet run -c Release --project bench/Taskroute.Benchmarks -- eventsize
    public static void Run()
    {
        var store = new FileRawStore("/dev/null") { Name = "x" };
        var keep = new object[10_000];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < keep.Length; i++) keep[i] = new LogEvent(LogComponent.CtiSvr, i, "AGENT_EVENT", new RawLines(store, i, 10, i, 10));
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / keep.Length;
        Console.WriteLine($"one event: {bytes} bytes");
        GC.KeepAlive(keep);
    }
}
