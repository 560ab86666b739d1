using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;
using Taskroute.Core.Lab;
using Taskroute.Server.Tracing;
using Taskroute.Storage;
using Taskroute.Storage.Index;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Benchmarks;

/// <summary>
/// A trace of one task, looked up by its task id in the day_key_seq form, in a SQLite journal of
/// 10,000,000 handled tasks, against the same lookup in a journal of 10,000 (the baseline): the
/// full path of <c>GET /api/v1/traces/{id}</c> below HTTP (parse the id, find the task in the id
/// index, read and decode its records, build the trace and its resource).
/// </summary>
/// <remarks>
/// The journal is built once and kept in the temp folder (about 7 GB for ten million tasks). Each
/// task is one record holding the 25 events of a whole lifecycle (submit, route, offer, start,
/// end) copied from a real run of the engine, with the task's own ids; a server writes the same
/// events as four records, which the trace reads through the same index.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TraceLookupBenchmarks
{
    private static readonly Taskroute.Core.Configuration.RoutingConfiguration Lab = LabConfiguration.Create();
    private SqliteJournal _journal = null!;
    private TraceIndex _index = null!;
    private TraceStore _store = null!;
    private Random _random = null!;

    [Params(10_000, 10_000_000)]
    public int Tasks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskroute-trace-bench-{Tasks}.db");
        if (!File.Exists(path + ".complete")) Build(path, Tasks);
        _journal = new SqliteJournal(path);
        _index = new TraceIndex(path + ".index");
        _index.CatchUp(_journal, batch: 100_000);
        _store = new TraceStore(_journal, _index, () => Lab, () => true);
        _random = new Random(7);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _journal.Dispose();
    }

    [Benchmark]
    public int TraceOneTask()
    {
        var task = _random.Next(1, Tasks + 1);
        var answer = TraceQuery.Answer(_store, $"{Day}_{FirstKey + task}_1", null, null, 200, DateTimeOffset.UtcNow);
        return answer is TraceAnswer.Task found ? found.Trace.Events.Count : throw new InvalidOperationException($"task {task} not found: {answer}");
    }

    private const int FirstKey = 37_051_928;
    private static readonly long Start = new DateTimeOffset(2024, 1, 30, 13, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly int Day = RouterCallKeyDay.FromUnixMilliseconds(Start);

    private static void Build(string path, int tasks)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*")) File.Delete(file);
        // The index is built from the journal in Setup, as a server catches up after a restart.
        var template = Lifecycle();
        using (var journal = new SqliteJournal(path))
        {
            var batch = new List<JournalEntry>(20_000);
            for (var task = 1; task <= tasks; task++)
            {
                var shift = (long)task * 10;
                var contact = new Guid(task, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8);
                var taskId = new IcmTaskId(Day, FirstKey + task, 1);
                var events = new FlowEvent[template.Length];
                for (var i = 0; i < template.Length; i++)
                {
                    var e = template[i];
                    events[i] = e with
                    {
                        Time = e.Time + shift,
                        Task = e.Task == 0 ? 0 : task,
                        ContactId = e.ContactId == Guid.Empty ? Guid.Empty : contact,
                        DialogueId = e.DialogueId == 0 ? 0 : task,
                        TaskId = e.TaskId.IsNone || e.TaskId == default ? e.TaskId : taskId,
                        Deadline = e.Deadline == 0 ? 0 : e.Deadline + shift,
                        Data = null,
                    };
                }
                batch.Add(new JournalEntry(events[0].Time, null, null, events).Encode());
                if (batch.Count < batch.Capacity) continue;
                journal.Append(batch);
                batch.Clear();
            }
            journal.Append(batch);
        }
        File.WriteAllText(path + ".complete", tasks.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // The events of one task's whole life on the lab, from its submission to its end.
    private static FlowEvent[] Lifecycle()
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        var now = Start;
        engine.Execute(new SignIn(now, 1080, LabConfiguration.TaskMrd));
        engine.Execute(new SetReady(now, 1080, LabConfiguration.TaskMrd));
        var events = new List<FlowEvent>();
        void Run(Command command)
        {
            if (!engine.Execute(command).Succeeded) throw new InvalidOperationException($"{command} was refused");
            events.AddRange(engine.Events.ToArray());
        }
        Run(new SubmitTask(now, new TaskData { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }));
        var dialog = engine.Dialogs(1080)[0].TaskId;
        Run(new ActOnDialog(now + 1000, 1080, dialog, DialogAction.Accept));
        Run(new ActOnDialog(now + 2000, 1080, dialog, DialogAction.Start));
        Run(new ActOnDialog(now + 60_000, 1080, dialog, DialogAction.Close, Disposition.NormalEndTask));
        return [.. events];
    }
}
