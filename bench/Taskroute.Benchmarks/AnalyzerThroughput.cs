using System.Diagnostics;
using Taskroute.Analyzer;
using Taskroute.Logs;

namespace Taskroute.Benchmarks;

/// <summary>
/// <c>taskroute analyze</c>'s speed on a large set of component logs, against <c>grep -c TASK</c>
/// over the same files in the same run (the bar: at least half grep's speed). The logs are
/// written once by <see cref="ComponentLogWriter"/> from the benchmark centre's lifecycles and kept
/// for later runs. A measured method rather than a BenchmarkDotNet job: one pass over hundreds of
/// megabytes is the measurement.
/// </summary>
public static class AnalyzerThroughput
{
    // dotnet run -c Release --project bench/Taskroute.Benchmarks -- analyze [megabytes] [folder] [events held at most]
    public static void Run(string[] args)
    {
        var megabytes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
        var folder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"taskroute-analyze-bench-{megabytes}mb");
        if (!Directory.Exists(folder) || Size(folder) < megabytes * 1024L * 1024 * 95 / 100) Generate(folder, megabytes * 1024L * 1024);
        var files = Directory.GetFiles(folder, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"{files.Length} files, {bytes / 1e6:F0} MB in {folder}");

        Grep(files); // warms the page cache for both contenders
        var grep = Grep(files);
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        // As `taskroute analyze --json` does: each task is built, handed out and let go of.
        var options = args.Length > 3 ? new AnalyzerOptions { MaxEventsHeld = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) } : null;
        var streamed = LogAnalyzer.AnalyzeStreamed([folder], options);
        var tasks = 0;
        foreach (var t in streamed.Tasks) tasks += t.Timeline.Count > 0 ? 1 : 0;
        var report = streamed.Report;
        var analyze = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        using var self = Process.GetCurrentProcess();
        self.Refresh();

        Console.WriteLine($"grep -c TASK: {grep.TotalSeconds:F2} s, {bytes / 1e6 / grep.TotalSeconds:F0} MB/s");
        Console.WriteLine($"analyze:      {analyze.TotalSeconds:F2} s, {bytes / 1e6 / analyze.TotalSeconds:F0} MB/s ({grep.TotalSeconds / analyze.TotalSeconds:P0} of grep's speed)");
        Console.WriteLine($"              {tasks} tasks, {report.Sources.Sum(s => s.Events)} events, {report.Sources.Sum(s => s.LinesRead)} lines, " +
                          $"{report.Sources.Sum(s => s.LinesSkipped)} skipped; peak working set {self.PeakWorkingSet64 / 1e6:F0} MB, allocated {allocated / 1e6:F0} MB");
        Console.WriteLine($"              {(streamed.Whole ? "read whole" : "read in time windows")}, at most {streamed.MostEventsHeld:N0} events held at once");
    }

    private static TimeSpan Grep(string[] files)
    {
        var start = new ProcessStartInfo("/usr/bin/grep") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("TASK");
        foreach (var f in files) start.ArgumentList.Add(f);
        var clock = Stopwatch.StartNew();
        using var grep = Process.Start(start)!;
        grep.StandardOutput.ReadToEnd();
        grep.WaitForExit();
        return clock.Elapsed;
    }

    private static long Size(string folder) =>
        Directory.GetFiles(folder, "*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static void Generate(string folder, long target)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var centre = new BenchmarkCentre(agents: 200, queued: 50);
        using var writer = new ComponentLogWriter(new ComponentLogSettings
        {
            Directory = folder,
            UtcOffset = TimeSpan.FromHours(-5),
            RotationBytes = 64L * 1024 * 1024,
            FlushInterval = TimeSpan.Zero,
        });
        centre.Logs = writer;
        var written = 0L;
        for (var i = 0; written < target; i++)
        {
            centre.Lifecycle();
            if (i % 2000 == 0)
            {
                writer.Flush();
                written = Size(folder);
            }
        }
        Console.WriteLine($"generated {written / 1e6:F0} MB");
    }
}
