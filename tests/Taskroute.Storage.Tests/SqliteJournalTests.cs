using Taskroute.Storage.Sqlite;

namespace Taskroute.Storage.Tests;

public sealed class SqliteJournalTests : JournalConformanceTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-journal-").FullName;

    protected override IJournal Open(string name) => new SqliteJournal(Path.Combine(_directory, name + ".db"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_torn_write_at_the_end_of_the_log_is_dropped_and_the_journal_opens()
    {
        var name = Name();
        var path = Path.Combine(_directory, name + ".db");
        using (var journal = Open(name))
        {
            var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
            engine.SignIn(1_706_622_949_000, 1080, 5011);
            journal.Append([new JournalEntry(1_706_622_949_000, null, null, engine.Events.ToArray())]);
        }
        // A crash mid-write leaves a partial frame at the end of the write-ahead log.
        var wal = path + "-wal";
        File.AppendAllBytes(File.Exists(wal) ? wal : path, Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray());

        using var reopened = Open(name);
        Assert.Equal(1, reopened.LastSequence);
        Assert.Equal(3, reopened.ReadEvents().Count());
    }

    [Fact]
    public void A_journal_written_before_the_id_index_gets_it_built_when_opened()
    {
        var name = Name();
        var path = Path.Combine(_directory, name + ".db");
        var contact = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");
        using (var journal = Open(name))
        {
            var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
            var submit = new Taskroute.Core.Commands.SubmitTask(1_706_622_949_000, new Taskroute.Core.Flow.TaskData
            {
                ContactId = contact, FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask",
            });
            Assert.True(engine.Execute(submit).Succeeded);
            journal.Append([new JournalEntry(submit.Time, submit, null, engine.Events.ToArray())]);
        }
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using var drop = raw.CreateCommand();
            drop.CommandText = "DROP TABLE journal_ids; DROP TABLE journal_agents;";
            drop.ExecuteNonQuery();
        }

        using var reopened = Open(name);
        Assert.Equal([1], reopened.FindTasks(Index.TaskKey.ForContact(contact)));
    }
}
