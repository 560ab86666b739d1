using Microsoft.Data.Sqlite;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Reporting;
using Taskroute.Storage.Reports;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Storage.Tests;

public sealed class ReportStoreTests : IDisposable
{
    private const long Start = 1_706_622_949_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-reports-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static TaskData Task(int n) => new()
    {
        ContactId = new Guid(n, 0, 0, new byte[8]), FeedId = 100000, Name = $"task {n}", Title = "Refund",
        ScriptSelector = "CumulusTask",
    };

    [Fact]
    public void Queued_tasks_are_kept_open_across_saves_and_leave_the_store_when_they_end()
    {
        var path = Path.Combine(_directory, "reports.db");
        var engine = new RoutingEngine(LabConfiguration.Create());
        var builder = new ReportBuilder(engine.Configuration, 15);
        var sequence = 0L;
        void Run(Command command)
        {
            Assert.True(engine.Execute(command).Succeeded);
            builder.Add(++sequence, [.. engine.Events]);
        }

        using (var store = new ReportStore(path, 15))
        {
            for (var n = 1; n <= 3; n++) Run(new SubmitTask(Start + n, Task(n)));
            store.Save(builder, 0);
            Assert.Equal([1, 2, 3], store.LoadCheckpoint().OpenTasks.Select(t => t.Task));

            Run(new CancelTask(Start + 10, Task(2).ContactId));
            store.Save(builder, 0);
            Assert.Equal(sequence, store.Sequence);
        }

        using var reopened = new ReportStore(path, 15);
        var checkpoint = reopened.LoadCheckpoint();
        Assert.Equal(sequence, checkpoint.Sequence);
        Assert.Equal(builder.Checkpoint().OpenTasks, checkpoint.OpenTasks);
        Assert.Equal([1, 3], checkpoint.OpenTasks.Select(t => t.Task));
    }

    /// <summary>A journal of one submit per task number, task n submitted n minutes after the start.</summary>
    private SqliteJournal JournalOf(string name, params int[] tasks)
    {
        var journal = new SqliteJournal(Path.Combine(_directory, name + ".db"));
        var engine = new RoutingEngine(LabConfiguration.Create());
        foreach (var n in tasks)
        {
            var submit = new SubmitTask(Start + n * 60_000L, Task(n));
            Assert.True(engine.Execute(submit).Succeeded);
            journal.Append([new JournalEntry(submit.Time, submit, null, engine.Events.ToArray())]);
        }
        return journal;
    }

    private static ReportStore CountedFrom(string path, IJournal journal)
    {
        var store = new ReportStore(path, 15);
        store.CatchUp(journal, new ReportBuilder(LabConfiguration.Create(), 15));
        return store;
    }

    /// <summary>Every row and detail record of an hour and a half from the start: what a report of it shows.</summary>
    private static string Contents(ReportStore store)
    {
        var rows = Enum.GetValues<ReportDimension>().SelectMany(d => store.Intervals(d, Start - 3_600_000, Start + 5_400_000))
            .Select(r => $"{r.Start} {r.Key} " + string.Join(",", Enum.GetValues<Counter>().Select(c => r.Counters[c])));
        var checkpoint = store.LoadCheckpoint();
        return string.Join("\n", rows.Append($"at {checkpoint.Sequence}, open {string.Join(",", checkpoint.OpenTasks.Select(t => t.Task))}"));
    }

    [Theory]
    [InlineData(new[] { 1, 40 }, "past the journal's last, 2")]             // restored from a backup taken after task 1, then task 40
    [InlineData(new[] { 1, 40, 41, 42 }, "record 3 is not the journal's record 3")] // the same, run on past where the reports were
    public void Reports_beside_a_journal_they_were_not_counted_from_are_counted_again_from_it(int[] tasks, string why)
    {
        var path = Path.Combine(_directory, "reports.db");
        using (var first = JournalOf("first", 1, 2, 3))
        using (var store = CountedFrom(path, first))
            Assert.Equal(3, store.Sequence);

        using var journal = JournalOf("restored", tasks);
        using var fresh = CountedFrom(Path.Combine(_directory, "fresh.db"), journal);
        using (var kept = new ReportStore(path, 15))
        {
            Assert.Contains(why, kept.DiscardUnlessOf(journal), StringComparison.Ordinal);
            Assert.Equal(0, kept.Sequence);
            kept.CatchUp(journal, new ReportBuilder(LabConfiguration.Create(), 15));
            Assert.Equal(Contents(fresh), Contents(kept));
        }
        // Counted again, they are this journal's: reopened, they are kept.
        using var reopened = new ReportStore(path, 15);
        Assert.Null(reopened.DiscardUnlessOf(journal));
        Assert.Equal(Contents(fresh), Contents(reopened));
    }

    [Fact]
    public void A_store_in_the_older_format_is_emptied_to_be_rebuilt_from_the_journal()
    {
        var path = Path.Combine(_directory, "old.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // What the first format left: every open task inside the checkpoint's JSON, no format number.
            command.CommandText = """
                CREATE TABLE meta (one INTEGER PRIMARY KEY CHECK (one = 1), interval_minutes INTEGER NOT NULL, checkpoint TEXT NOT NULL);
                INSERT INTO meta VALUES (1, 15, '{"sequence":42,"openTasks":[{"task":7,"serviceLevelCounted":false}],"agents":[]}');
                """;
            command.ExecuteNonQuery();
        }

        using var store = new ReportStore(path, 15);
        Assert.Equal(0, store.Sequence);
        Assert.Empty(store.LoadCheckpoint().OpenTasks);
    }
}
