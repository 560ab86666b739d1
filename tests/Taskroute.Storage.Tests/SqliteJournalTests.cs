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

    // A new journal holding one record (an agent signing in), probed ready; its name, path and that record's events.
    private (SqliteJournal Journal, string Name, string Path, Taskroute.Core.Flow.FlowEvent[] Events) OneRecord()
    {
        var name = Name();
        var path = Path.Combine(_directory, name + ".db");
        var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
        engine.SignIn(1_706_622_949_000, 1080, 5011);
        var events = engine.Events.ToArray();
        var journal = new SqliteJournal(path);
        journal.Append([new JournalEntry(1_706_622_949_000, null, null, events)]);
        Assert.Null(journal.Probe());
        return (journal, name, path, events);
    }

    [Fact]
    public void A_journal_whose_file_was_removed_refuses_the_next_write_and_says_so_when_probed()
    {
        var (opened, name, path, events) = OneRecord();
        using var journal = opened;

        // The data directory's files are deleted under the running journal: writes would go to a file nobody can open again.
        foreach (var file in Directory.GetFiles(_directory, name + ".db*")) File.Delete(file);
        Assert.Contains("is gone", journal.Probe(), StringComparison.Ordinal);
        var refused = Assert.Throws<IOException>(() => journal.Append([new JournalEntry(1_706_622_950_000, null, null, events)]));
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, journal.LastSequence);
    }

    [Fact]
    public void A_journal_whose_write_ahead_log_was_removed_refuses_the_next_write_and_says_so_when_probed()
    {
        var (opened, _, path, events) = OneRecord();
        using var journal = opened;

        // The log holds commits not yet in the journal file; the next ones would go to an unlinked file.
        File.Delete(path + "-wal");
        Assert.StartsWith("the journal's write-ahead log is gone", journal.Probe(), StringComparison.Ordinal);
        var refused = Assert.Throws<IOException>(() => journal.Append([new JournalEntry(1_706_622_950_000, null, null, events)]));
        Assert.Contains("write-ahead log", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, journal.LastSequence);
    }

    [Fact]
    public void A_journal_opened_through_a_symbolic_link_keeps_taking_writes()
    {
        var (opened, name, _, events) = OneRecord();
        opened.Dispose();
        // SQLite keeps the log beside the file the link names, not beside the link.
        var link = Path.Combine(_directory, name + "-link.db");
        File.CreateSymbolicLink(link, Path.Combine(_directory, name + ".db"));
        using var journal = new SqliteJournal(link);
        journal.Append([new JournalEntry(1_706_622_950_000, null, null, events)]);
        journal.Append([new JournalEntry(1_706_622_951_000, null, null, events)]);
        Assert.Null(journal.Probe());
        Assert.Equal(3, journal.LastSequence);
    }

    [Fact]
    public void A_journal_closed_after_reads_leaves_no_write_ahead_log_behind()
    {
        var name = Name();
        var path = Path.Combine(_directory, name + ".db");
        var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
        engine.SignIn(1_706_622_949_000, 1080, 5011);
        var events = engine.Events.ToArray();
        using (var journal = new SqliteJournal(path))
        {
            for (var i = 0; i < 200; i++) journal.Append([new JournalEntry(1_706_622_949_000 + i, null, null, events)]);
            // A read, as a trace or the reports' catch-up makes while the server runs.
            Assert.Equal(200 * events.Length, journal.ReadEvents().Count());
            Assert.True(new FileInfo(path + "-wal").Length > 0);
        }
        // A copy of the data directory taken after a graceful stop is journal.db alone: all of it in the file.
        Assert.False(File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0, "journal.db-wal holds records after the journal closed");
    }

    [Fact]
    public void Under_a_steady_write_load_the_write_ahead_log_starts_over_instead_of_growing()
    {
        var name = Name();
        var path = Path.Combine(_directory, name + ".db");
        var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
        engine.SignIn(1_706_622_949_000, 1080, 5011);
        var events = engine.Events.ToArray();
        // Each commit writes at least a few 4 KB pages: 3,000 commits would leave a log of 12 MB or more.
        const int commits = 3000;
        using (var journal = new SqliteJournal(path, commitsPerWriterCheckpoint: 100))
        {
            for (var i = 0; i < commits; i++)
                journal.Append([new JournalEntry(1_706_622_949_000 + i, null, null, events)]);
            Assert.InRange(new FileInfo(path + "-wal").Length, 0, 2 * 1024 * 1024);
        }

        using var reopened = new SqliteJournal(path);
        Assert.Equal(commits, reopened.LastSequence);
        Assert.Equal(commits * events.Length, reopened.ReadEvents().Count());
    }

    [Fact]
    public void A_record_the_file_refuses_fails_the_append_and_leaves_the_journal_as_it_was()
    {
        var name = Name();
        var engine = new Taskroute.Core.Engine.RoutingEngine(Taskroute.Core.Lab.LabConfiguration.Create());
        engine.SignIn(1_706_622_949_000, 1080, 5011);
        var events = engine.Events.ToArray();
        using var first = Open(name);
        using var second = Open(name);
        first.Append([new JournalEntry(1_706_622_949_000, null, null, events)]);

        // The second writer still believes the journal empty: its record 1 breaks the primary key.
        var refused = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() =>
            second.Append([new JournalEntry(1_706_622_949_001, null, "retry-1", events), new JournalEntry(1_706_622_949_002, null, null, events)]));
        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(0, second.LastSequence);

        using var reopened = Open(name);
        Assert.Equal(1, reopened.LastSequence);
        Assert.Equal(events.Length, reopened.ReadEvents().Count());
    }
}
