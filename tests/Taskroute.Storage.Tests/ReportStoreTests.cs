using Microsoft.Data.Sqlite;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Core.Reporting;
using Taskroute.Storage.Reports;

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
