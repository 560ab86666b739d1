using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Taskroute.Core;
using Taskroute.Storage;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

/// <summary>
/// Going back a version: a journal a newer build has written is refused by this one in one line
/// saying what to do.
/// </summary>
public sealed class NewerJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-newer-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    [Fact]
    public async Task A_journal_record_a_newer_build_wrote_stops_the_start_in_one_line_naming_the_record_the_command_and_the_way_back()
    {
        await using (var first = await TestServer.StartAsync(_directory))
        {
            using var created = await first.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n", title = "t" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var journalFile = Path.Combine(_directory, "journal.db");
        long last;
        using (var journal = new SqliteJournal(journalFile)) last = journal.LastSequence;
        // What a newer build journals at its first start, under a name this build never gave a command.
        using (var connection = new SqliteConnection($"Data Source={journalFile};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO journal (seq, time, events, command) VALUES ($seq, $time, $events, $command);";
            insert.Parameters.AddWithValue("$seq", last + 1);
            insert.Parameters.AddWithValue("$time", 1_706_622_867_874L);
            insert.Parameters.AddWithValue("$events", FlowEventCodec.Encode([], 1_706_622_867_874L));
            insert.Parameters.AddWithValue("$command", """{"$type":"quarantine","agent":1080,"time":1706622867874}""");
            insert.ExecuteNonQuery();
        }

        var refused = await CliRun.RunAsync("serve", "--data", _directory, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"taskroute: could not start: journal record {last + 1} was written by a newer Taskroute (command 'quarantine' unknown to this build, version {BuildVersion.Informational}): " +
            "start the build that wrote it, or restore the copy taken before the upgrade", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("damaged", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error + refused.Out, StringComparison.Ordinal);
        using (var journal = new SqliteJournal(journalFile)) Assert.Equal(last + 1, journal.LastSequence);
    }
}
