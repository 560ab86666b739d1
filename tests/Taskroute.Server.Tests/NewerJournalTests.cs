using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Taskroute.Core;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Lab;
using Taskroute.Storage;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

/// <summary>
/// Going back a version: a journal a newer build has written is refused by this one in one line
/// saying what to do, and this build's own first start on an older journal says it is one-way.
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

    [Fact]
    public async Task The_first_start_on_a_journal_of_older_router_rules_warns_that_builds_before_it_can_no_longer_run_on_it()
    {
        var ct = TestContext.Current.CancellationToken;
        // A journal as a build of the first router rules wrote it.
        var older = new RoutingEngine(LabConfiguration.Create(), new EngineOptions { RoutingRules = RoutingRules.First });
        var signIn = new SignIn(1_706_622_867_874L, 1080, LabConfiguration.TaskMrd);
        Assert.True(older.Execute(signIn).Succeeded);
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
            journal.Append([new JournalEntry(signIn.Time, signIn, null, older.Events.ToArray())]);

        await using var server = await ChildServer.StartAsync(_directory, ct);
        await server.WaitForOutputAsync("can no longer run on this journal", TimeSpan.FromSeconds(30), ct);
        Assert.Contains($"rules {RoutingRules.Current} apply from now on. Builds before this one ({BuildVersion.Informational}) can no longer run on this journal: " +
            "to go back, restore the copy taken before the upgrade", server.Output, StringComparison.Ordinal);
    }
}
