using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Storage;
using Taskroute.Storage.Snapshots;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Benchmarks;

/// <summary>
/// Recovery: open a SQLite journal holding about 1,000,000 flow events (150,000 commands of the
/// lab's agents working tasks) and replay it into a fresh engine, as a restarted server does
/// without a snapshot; or restore a snapshot and replay only the journal after it, as it does with
/// one. Snapshots are taken where the server's default (every 100,000 commands) takes them, and at
/// the journal's end (a restart right after one). The baseline reads the commands without replaying them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
public class RecoveryBenchmarks
{
    private string _path = null!;
    private string _snapshots = null!;

    /// <summary>Where the server's default takes a snapshot: after this many commands.</summary>
    private const int SnapshotEvery = 100_000;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "taskroute-recovery-bench.db");
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), "taskroute-recovery-bench.db*")) File.Delete(file);
        _snapshots = Path.Combine(Path.GetTempPath(), "taskroute-recovery-bench-snapshots");
        if (Directory.Exists(_snapshots)) Directory.Delete(_snapshots, recursive: true);
        var store = new FileSnapshotStore(_snapshots, keep: 10);
        long commands = 0;
        var engine = new RoutingEngine(LabConfiguration.Create());
        var now = new DateTimeOffset(2024, 1, 30, 13, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long events = 0;
        using var journal = new SqliteJournal(_path);
        var entries = new List<JournalEntry>();
        void Run(Command command)
        {
            if (!engine.Execute(command).Succeeded) return;
            entries.Add(new JournalEntry(command.Time, command, null, engine.Events.ToArray()));
            events += engine.Events.Length;
            // Every record here holds a command, so the record's sequence is the count of commands.
            if (++commands % SnapshotEvery == 0) store.Save(commands, engine.WriteSnapshot());
            if (entries.Count < 1000) return;
            journal.Append(entries);
            entries.Clear();
        }
        for (var agent = 1080; agent <= 1089; agent++)
        {
            Run(new SignIn(now, agent, LabConfiguration.TaskMrd));
            Run(new SetReady(now, agent, LabConfiguration.TaskMrd));
        }
        var random = new Random(1);
        for (var n = 0; events < 1_000_000; n++)
        {
            now += 100;
            Run(new SubmitTask(now, new TaskData { ContactId = new Guid(n, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }));
            var agent = 1080 + random.Next(10);
            if (engine.Dialogs(agent) is { Count: > 0 } dialogs)
            {
                var dialog = dialogs[0].TaskId;
                Run(new ActOnDialog(now, agent, dialog, DialogAction.Start));
                Run(new ActOnDialog(now, agent, dialog, DialogAction.Close));
            }
        }
        journal.Append(entries);
        store.Save(commands, engine.WriteSnapshot());
        Console.WriteLine($"// {events:N0} events, {commands:N0} commands; snapshots: {string.Join(", ", store.List().Select(s => $"record {s.Sequence:N0} ({new FileInfo(s.Source).Length:N0} bytes)"))}");
    }

    [Benchmark(Baseline = true, Description = "read 1M events' commands")]
    public int Read()
    {
        using var journal = new SqliteJournal(_path);
        return journal.ReadCommands().Count();
    }

    [Benchmark(Description = "read and replay 1M events")]
    public int Replay()
    {
        using var journal = new SqliteJournal(_path);
        var engine = new RoutingEngine(LabConfiguration.Create());
        var n = 0;
        foreach (var command in journal.ReadCommands())
        {
            engine.Execute(command.Command);
            n++;
        }
        return n;
    }

    [Benchmark(Description = "restore the snapshot at 100,000 commands, replay the 50,000 after it")]
    public int RestoreAndReplayTail() => Restore(SnapshotEvery);

    [Benchmark(Description = "restore the snapshot at the journal's end, replay nothing")]
    public int RestoreAtEnd() => Restore(long.MaxValue);

    private int Restore(long atOrBefore)
    {
        using var journal = new SqliteJournal(_path);
        var snapshot = new FileSnapshotStore(_snapshots).List().First(s => s.Sequence <= atOrBefore);
        var engine = new RoutingEngine(LabConfiguration.Create());
        engine.RestoreSnapshot(snapshot.Read());
        var n = 0;
        foreach (var command in journal.ReadCommands(snapshot.Sequence))
        {
            engine.Execute(command.Command);
            n++;
        }
        return n;
    }
}
