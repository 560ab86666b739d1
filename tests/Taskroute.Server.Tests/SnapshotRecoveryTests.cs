using Microsoft.Extensions.Time.Testing;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

/// <summary>
/// A restart restores the newest snapshot that checks out and replays only the journal after it,
/// ending in exactly the state a full replay gives; a snapshot that does not check out (damaged,
/// another configuration, past the journal's end) is passed over, down to a full replay.
/// </summary>
public class SnapshotRecoveryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-snapshots-").FullName;

    // The clock stands still unless a test moves it: no tick lands between commands by chance.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero));

    public void Dispose() => TestServer.TryDelete(_directory);

    // These tests count what a restart replays after the snapshots they took: none is taken on stop.
    private Task<TestServer> Start(int snapshotEvery = 1_000_000, RoutingConfiguration? configuration = null, bool snapshotOnStop = false) =>
        TestServer.StartAsync(_directory, configuration, _time, options =>
        {
            options.SnapshotEvery = snapshotEvery;
            options.SnapshotOnStop = snapshotOnStop;
        });

    private static Task<CommandResult> Submit(TestServer server, int n) =>
        server.Host.ExecuteAsync(now => new SubmitTask(now, new TaskData
        {
            ContactId = new Guid(n, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0), FeedId = 100000, Name = "n" + n, Title = "t", ScriptSelector = n % 2 == 0 ? "CumulusTask" : "CumulusChat",
        }));

    /// <summary>Signs agents in and submits tasks: some reserved, some queued, timers pending. Four commands per agent and one per task.</summary>
    private async Task Work(TestServer server, int from, int tasks)
    {
        for (var i = from; i < from + tasks; i++)
        {
            Assert.True((await Submit(server, i)).Succeeded);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    private static async Task SignInAgents(TestServer server)
    {
        foreach (var agent in new[] { 1080, 1081 })
        {
            await server.Host.ExecuteAsync(now => new SignIn(now, agent, LabConfiguration.TaskMrd));
            await server.Host.ExecuteAsync(now => new SetReady(now, agent, LabConfiguration.TaskMrd));
            await server.Host.ExecuteAsync(now => new SignIn(now, agent, LabConfiguration.ChatMrd));
            await server.Host.ExecuteAsync(now => new SetReady(now, agent, LabConfiguration.ChatMrd));
        }
    }

    private static Task<byte[]> State(TestServer server) => server.Host.QueryAsync((engine, _) => engine.WriteSnapshot());

    /// <summary>The state a full replay of the journal gives, read with the server stopped.</summary>
    private byte[] FullReplay(RoutingConfiguration? configuration = null)
    {
        using var journal = new SqliteJournal(Path.Combine(_directory, "journal.db"));
        var engine = new RoutingEngine(configuration ?? LabConfiguration.Create(),
            new EngineOptions { ContactRetentionSeconds = 900, Configurations = new ConfigurationArchive(_directory).Find });
        foreach (var c in journal.ReadCommands()) engine.Execute(c.Command);
        return engine.WriteSnapshot();
    }

    private string[] SnapshotFiles() => Directory.GetFiles(Path.Combine(_directory, "snapshots"), "*.trs").Order().ToArray();

    /// <summary>A journal as an earlier build wrote it, under the first router rules: agents signed in, tasks routed and queued.</summary>
    private (RoutingEngine Older, int Records) WriteOlderJournal()
    {
        var older = new RoutingEngine(LabConfiguration.Create(), new EngineOptions { ContactRetentionSeconds = 900, RoutingRules = RoutingRules.First });
        var time = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var commands = new List<Command>();
        foreach (var agent in new[] { 1080, 1081 })
        {
            commands.Add(new SignIn(time, agent, LabConfiguration.TaskMrd));
            commands.Add(new SetReady(time, agent, LabConfiguration.TaskMrd));
        }
        for (var n = 0; n < 4; n++)
            commands.Add(new SubmitTask(time, new TaskData { ContactId = new Guid(n, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }));
        using var journal = new SqliteJournal(Path.Combine(_directory, "journal.db"));
        foreach (var command in commands)
        {
            Assert.True(older.Execute(command).Succeeded);
            journal.Append([new Taskroute.Storage.JournalEntry(command.Time, command, null, older.Events.ToArray())]);
        }
        return (older, commands.Count);
    }

    [Fact]
    public async Task A_server_upgrading_router_rules_and_stopped_at_once_snapshots_the_upgrade_only_once_it_is_journaled()
    {
        WriteOlderJournal();
        await using (var first = await Start(snapshotOnStop: true)) { }
        // Stopped at once: either the loop's first batch journaled the upgrade, or no snapshot was
        // taken. A snapshot without the record would hold the upgraded rules as if it were journaled.
        var snapshotted = Directory.Exists(Path.Combine(_directory, "snapshots")) && SnapshotFiles().Length > 0;
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
            Assert.True(!snapshotted || journal.ReadCommands().Any(c => c.Command is UpgradeRouting));
        byte[] state;
        await using (var second = await Start(snapshotOnStop: true))
        {
            await Work(second, 10, 1);
            state = await State(second);
        }
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
            Assert.Single(journal.ReadCommands(), c => c.Command is UpgradeRouting);
        await using var third = await Start();
        Assert.NotNull(third.Host.RestoredSnapshot);
        Assert.Equal(state, await State(third));
    }

    [Fact]
    public async Task A_journal_written_under_older_router_rules_replays_under_them_and_is_upgraded_once_from_then_on()
    {
        var (older, records) = WriteOlderJournal();
        var asWritten = older.WriteSnapshot();

        byte[] upgraded;
        await using (var first = await Start())
        {
            // Replayed as it ran, then this build's rules from now on.
            Assert.Equal(RoutingRules.Current, await first.Host.QueryAsync((engine, _) => engine.RoutingRulesInForce));
            Assert.Equal(older.Dialogs(1080).Count + older.Dialogs(1081).Count, await first.Host.QueryAsync((engine, _) => engine.Dialogs(1080).Count + engine.Dialogs(1081).Count));
            await Work(first, 10, 2);
            upgraded = await State(first);
        }
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
        {
            var read = journal.ReadCommands().Select(c => c.Command).ToList();
            Assert.IsType<UpgradeRouting>(read[records]);
            Assert.Single(read, c => c is UpgradeRouting);
        }

        // The next start replays the old records under the old rules and upgrades at the same record: nothing new is written for it.
        await using (var second = await Start())
            Assert.Equal(upgraded, await State(second));
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
            Assert.Single(journal.ReadCommands(), c => c.Command is UpgradeRouting);
        Assert.NotEqual(asWritten, upgraded);
    }

    [Fact]
    public async Task A_journal_that_raises_the_router_rules_past_this_builds_is_refused_naming_its_record_rather_than_replayed_under_older_rules()
    {
        var (_, records) = WriteOlderJournal();
        // As a newer version would have raised them on its first start.
        var upgrade = new UpgradeRouting(_time.GetUtcNow().ToUnixTimeMilliseconds(), RoutingRules.Current + 1);
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
            journal.Append([new Taskroute.Storage.JournalEntry(upgrade.Time, upgrade, null, [])]);

        var refused = await Assert.ThrowsAsync<RulesTooNewException>(() => Start());
        Assert.Contains($"journal record {records + 1} raises the router's rules to {RoutingRules.Current + 1}", refused.Message);
    }

    [Fact]
    public async Task A_server_that_stops_takes_a_snapshot_so_its_restart_replays_nothing()
    {
        byte[] before;
        long last;
        await using (var first = await Start(snapshotOnStop: true))
        {
            await SignInAgents(first);
            await Work(first, 0, 12);
            before = await State(first);
            last = first.Host.JournalSequence;
        }

        await using (var second = await Start(snapshotOnStop: true))
        {
            Assert.Equal(last, second.Host.RestoredSnapshot);
            Assert.Equal(0, second.Host.RecoveredCommands);
            Assert.Equal(before, await State(second));
            Assert.Equal(before, FullReplay());
        }
        // Nothing was journaled while the second server ran: its stop adds no snapshot.
        Assert.Single(SnapshotFiles());
    }

    [Fact]
    public async Task A_snapshots_temporary_file_left_by_a_write_that_did_not_finish_is_removed_at_start_saying_so()
    {
        var ct = TestContext.Current.CancellationToken;
        var snapshots = Path.Combine(_directory, "snapshots");
        Directory.CreateDirectory(snapshots);
        // What a stop's snapshot refused by a full disk left: no start removed it, only a later snapshot stored.
        var leftover = Path.Combine(snapshots, "snapshot-0000000000000000042.trs.tmp");
        await File.WriteAllBytesAsync(leftover, [], ct);
        var someoneElses = Path.Combine(snapshots, "notes.tmp");
        await File.WriteAllTextAsync(someoneElses, "mine", ct);

        await using var server = await ChildServer.StartAsync(_directory, ct);
        await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(someoneElses));
        Assert.Contains($"Removed {leftover}, left by a snapshot whose write did not finish", server.Output, StringComparison.Ordinal);
        var submitted = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"n","title":"t"}""", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
    }

    [Fact]
    public async Task A_restart_restores_the_snapshot_and_replays_only_the_commands_after_it()
    {
        byte[] before;
        long covered;
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 12);
            covered = await first.Host.SnapshotAsync();
            Assert.Equal(first.Host.JournalSequence, covered);
            await Work(first, 12, 5);
            before = await State(first);
        }

        await using var second = await Start();
        Assert.Equal(covered, second.Host.RestoredSnapshot);
        Assert.Equal(5, second.Host.RecoveredCommands);
        Assert.Equal(before, await State(second));
        Assert.Equal(FullReplay(), await State(second));
        // Agents, tasks and their timers came back: the reserved tasks ring out at their original deadlines.
        var media = await second.Host.QueryAsync((engine, _) => engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd));
        Assert.Equal(3, media.NumTasks);
        var queued = await second.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd));
        _time.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 50_000 && await second.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)) == queued; i++) await Task.Yield();
        Assert.True(await second.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)) > queued);
    }

    [Fact]
    public async Task Snapshots_are_taken_every_so_many_commands_and_the_newest_is_restored()
    {
        await using (var first = await Start(snapshotEvery: 5))
        {
            await SignInAgents(first);
            await Work(first, 0, 4);
        }
        // The router's rules and 12 commands, one a batch: snapshots after the 5th record and the 10th; the store keeps both.
        Assert.Equal(2, SnapshotFiles().Length);

        await using var second = await Start(snapshotEvery: 5);
        Assert.Equal(10, second.Host.RestoredSnapshot);
        Assert.Equal(3, second.Host.RecoveredCommands);
        Assert.Equal(FullReplay(), await State(second));
    }

    [Fact]
    public async Task Under_a_growing_backlog_snapshots_are_taken_as_many_commands_apart_as_the_last_one_held_tasks()
    {
        // Every task stays queued: no agent is signed in.
        await using (var first = await Start(snapshotEvery: 5))
            await Work(first, 0, 30);
        // The journal's first record names the router's rules. After the 5th record (4 tasks held),
        // the 10th (9 held), then the 19th (18 held); the next would come after the 37th. Every 5
        // records it would have been the 30th.
        Assert.Equal(2, SnapshotFiles().Length);

        await using var second = await Start(snapshotEvery: 5);
        Assert.Equal(19, second.Host.RestoredSnapshot);
        Assert.Equal(12, second.Host.RecoveredCommands);
        Assert.Equal(FullReplay(), await State(second));
    }

    [Fact]
    public async Task A_damaged_newest_snapshot_falls_back_to_the_one_before_and_a_damaged_only_one_to_a_full_replay()
    {
        await using (var first = await Start(snapshotEvery: 5))
        {
            await SignInAgents(first);
            await Work(first, 0, 4);
        }
        var files = SnapshotFiles();
        Damage(files[^1]);
        await using (var second = await Start(snapshotEvery: 1_000_000))
        {
            Assert.Equal(5, second.Host.RestoredSnapshot);
            Assert.Equal(8, second.Host.RecoveredCommands);
            Assert.Equal(FullReplay(), await State(second));
        }

        Damage(files[0]);
        await using var third = await Start(snapshotEvery: 1_000_000);
        Assert.Null(third.Host.RestoredSnapshot);
        Assert.Equal(13, third.Host.RecoveredCommands);
        Assert.Equal(FullReplay(), await State(third));
    }

    [Fact]
    public async Task A_truncated_snapshot_is_passed_over()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await first.Host.SnapshotAsync();
        }
        var file = Assert.Single(SnapshotFiles());
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..100]);
        await using var second = await Start();
        Assert.Null(second.Host.RestoredSnapshot);
        // The router's rules, then the eight sign-in commands.
        Assert.Equal(9, second.Host.RecoveredCommands);
    }

    // The lab with the task MRD's limit one lower: the journal's sign-ins took the old one.
    private static RoutingConfiguration LowerTaskLimit() => LabVariant.With(mrd: m => m.Id != LabConfiguration.TaskMrd ? m : new MediaRoutingDomain
    {
        Id = m.Id, Name = m.Name, MaxTasksPerAgent = m.MaxTasksPerAgent - 1, Interruptible = m.Interruptible, TaskStartTimeoutSeconds = m.TaskStartTimeoutSeconds,
        TaskLifeSeconds = m.TaskLifeSeconds, MaxTaskDurationSeconds = m.MaxTaskDurationSeconds, MaxTimeInQueueSeconds = m.MaxTimeInQueueSeconds, MaxTasksInQueue = m.MaxTasksInQueue,
    });

    private static Task<int> Limit(TestServer server, int agent) =>
        server.Host.QueryAsync((engine, _) => engine.AgentMedia(agent).Single(m => m.MrdId == LabConfiguration.TaskMrd).MaxTaskLimit);

    [Fact]
    public async Task A_restart_under_a_lowered_task_limit_keeps_what_happened_and_applies_the_limit_from_then_on()
    {
        byte[] before;
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 6);
            await first.Host.SnapshotAsync();
            before = await State(first);
        }
        byte[] changed;
        long records;
        await using (var second = await Start(configuration: LowerTaskLimit()))
        {
            // Signed in with the old limit, the agents keep it; a new sign-in takes the new one.
            Assert.Equal(3, await Limit(second, 1080));
            await second.Host.ExecuteAsync(now => new SignOut(now, 1081, LabConfiguration.TaskMrd));
            await second.Host.ExecuteAsync(now => new SignIn(now, 1081, LabConfiguration.TaskMrd));
            Assert.Equal(2, await Limit(second, 1081));
            await Work(second, 6, 2);
            changed = await State(second);
            records = second.Host.JournalSequence;
        }
        // Nothing that happened was routed again: the tasks of the first run are where they were.
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
        {
            var change = Assert.Single(journal.ReadCommands(), c => c.Command is ChangeConfiguration).Command;
            Assert.Equal(RoutingEngine.ConfigurationHashOf(LowerTaskLimit()), ((ChangeConfiguration)change).Hash);
        }
        Assert.NotEqual(before, changed);

        // The next starts, from the snapshot taken under the first configuration or from the whole journal, end where the second run did.
        await using (var third = await Start(configuration: LowerTaskLimit()))
        {
            Assert.NotNull(third.Host.RestoredSnapshot);
            Assert.Equal(changed, await State(third));
            Assert.Equal(records, third.Host.JournalSequence);
        }
        foreach (var file in SnapshotFiles()) File.Delete(file);
        await using (var fourth = await Start(configuration: LowerTaskLimit()))
        {
            Assert.Null(fourth.Host.RestoredSnapshot);
            Assert.Equal(changed, await State(fourth));
        }
        Assert.Equal(changed, FullReplay());
    }

    [Fact]
    public async Task A_restart_back_under_the_first_configuration_changes_back_from_then_on()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 4);
        }
        await using (var second = await Start(configuration: LowerTaskLimit())) await Work(second, 4, 2);
        byte[] back;
        await using (var third = await Start())
        {
            await third.Host.ExecuteAsync(now => new SignOut(now, 1081, LabConfiguration.TaskMrd));
            await third.Host.ExecuteAsync(now => new SignIn(now, 1081, LabConfiguration.TaskMrd));
            Assert.Equal(3, await Limit(third, 1081));
            back = await State(third);
        }
        using (var journal = new SqliteJournal(Path.Combine(_directory, "journal.db")))
            Assert.Equal(2, journal.ReadCommands().Count(c => c.Command is ChangeConfiguration));
        Assert.Equal(back, FullReplay());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_kept_configuration_edited_in_place_is_named_and_the_file_it_was_made_from_puts_it_back()
    {
        await using (var first = await Start()) await SignInAgents(first);
        await using (var second = await Start(configuration: LowerTaskLimit())) await Work(second, 0, 2);
        var kept = Path.Combine(_directory, ConfigurationArchive.FolderName, RoutingEngine.ConfigurationHashOf(LowerTaskLimit()) + ".json");
        // Kept read-only, for its owner only (it holds the feeds' keys): the edit needs the permission put back first, as someone determined would.
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(kept));
        File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(kept, File.ReadAllText(kept).Replace("\"maxTasksPerAgent\": 2", "\"maxTasksPerAgent\": 4", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<ConfigurationChangedException>(() => Start());
        Assert.Contains($"{ConfigurationArchive.FolderName}/{Path.GetFileName(kept)} was changed after it was written", refused.Message, StringComparison.Ordinal);

        await using (var again = await Start(configuration: LowerTaskLimit())) Assert.Equal(2, again.Host.Configuration.Mrds[0].MaxTasksPerAgent);
        await using var lab = await Start();
        Assert.Equal(3, lab.Host.Configuration.Mrds[0].MaxTasksPerAgent);
    }

    [Fact]
    public async Task A_restart_under_a_configuration_without_a_signed_in_agent_is_refused_naming_the_agent()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 4);
        }
        var without = LabVariant.With(keepAgent: a => a.LoginId != 1081);
        var refused = await Assert.ThrowsAsync<ConfigurationChangedException>(() => Start(configuration: without));
        Assert.StartsWith("the new configuration has no place for open work: agent 5173 (login 1081) is removed, but is signed in to MRD 5011 (holding 1 task) and MRD 5012: " +
            "make the agent Not Ready and let it finish its tasks (a sign-out ends them), then sign it out. Nothing was changed", refused.Message, StringComparison.Ordinal);
        // Nor kept: the data directory keeps only configurations its journal ran under.
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, ConfigurationArchive.FolderName), "*.json"));

        // Nothing was journaled by the refused start: the first configuration starts as before.
        await using var again = await Start();
        Assert.Equal(FullReplay(), await State(again));
    }

    [Fact]
    public async Task A_journal_whose_configuration_is_not_kept_refuses_a_change_that_would_rewrite_it_until_started_once_under_its_own()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 6);
        }
        // As an earlier version left it: the configuration's hash, not the configuration.
        Directory.Delete(Path.Combine(_directory, ConfigurationArchive.FolderName), recursive: true);
        var refused = await Assert.ThrowsAsync<ConfigurationChangedException>(() => Start(configuration: LowerTaskLimit()));
        Assert.Contains("would change what already happened: journal record 2 (SignIn at ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AGENT_EVENT agent=5172 login=1080 mrd=5011", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Start once with the configuration the journal was written under", refused.Message, StringComparison.Ordinal);

        await using (var own = await Start()) { }
        await using var changed = await Start(configuration: LowerTaskLimit());
        Assert.Equal(3, await Limit(changed, 1080));
    }

    [Fact]
    public async Task A_configuration_hash_file_left_empty_by_a_crash_is_found_again_among_the_kept_configurations()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 6);
        }
        // A crash during the first start wrote the file's name but not its contents.
        await File.WriteAllTextAsync(Path.Combine(_directory, ConfigurationChangeCheck.FileName), "");

        // Started under another configuration: the journal still replays under its own, then changes.
        await using var changed = await Start(configuration: LowerTaskLimit());
        Assert.Equal(3, await Limit(changed, 1080));
        Assert.Equal(RoutingEngine.ConfigurationHashOf(Taskroute.Core.Lab.LabConfiguration.Create()), (await File.ReadAllTextAsync(Path.Combine(_directory, ConfigurationChangeCheck.FileName))).Trim());
    }

    [Fact]
    public async Task A_journal_holding_a_pending_not_ready_and_an_interruption_is_found_again_when_its_hash_file_is_left_empty()
    {
        await using (var first = await Start())
        {
            foreach (var mrd in new[] { LabConfiguration.TaskMrd, LabConfiguration.EmailMrd })
            {
                Assert.True((await first.Host.ExecuteAsync(now => new SignIn(now, 1080, mrd))).Succeeded);
                Assert.True((await first.Host.ExecuteAsync(now => new SetReady(now, 1080, mrd))).Succeeded);
            }
            async Task StartTaskIn(int mrd, string selector, int n)
            {
                Assert.True((await first.Host.ExecuteAsync(now => new SubmitTask(now, new TaskData
                {
                    ContactId = new Guid(n, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0), FeedId = 100000, Name = "n" + n, Title = "t", ScriptSelector = selector,
                }))).Succeeded);
                var dialog = await first.Host.QueryAsync((engine, _) => engine.Dialogs(1080).Single(d => d.MrdId == mrd).TaskId);
                Assert.True((await first.Host.ExecuteAsync(now => new ActOnDialog(now, 1080, dialog, DialogAction.Start))).Succeeded);
            }
            await StartTaskIn(LabConfiguration.TaskMrd, LabConfiguration.TaskSelector, 1);
            // The email interrupts the task MRD (advisories), and a Not Ready there waits for its task (pending).
            await StartTaskIn(LabConfiguration.EmailMrd, LabConfiguration.EmailSelector, 2);
            Assert.True((await first.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd, Ready: false, ReasonCode: 4))).Succeeded);
        }
        await File.WriteAllTextAsync(Path.Combine(_directory, ConfigurationChangeCheck.FileName), "");

        // The journal's own messages are no difference: it replays the same under its configuration.
        await using var second = await Start();
        var media = await second.Host.QueryAsync((engine, _) => engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd));
        Assert.Equal((AgentState.INTERRUPTED, AgentState.NOT_READY), (media.State, media.PendingState));
    }

    [Fact]
    public async Task A_restart_under_a_configuration_with_an_agent_added_starts_on_it_and_a_replay_ends_in_the_same_state()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 6);
        }
        var added = LabVariant.With(addedAgent: new AgentConfig { Id = 5999, LoginId = 1999, Name = "New agent", SkillGroups = [LabConfiguration.TaskSkillGroup] });
        byte[] state;
        await using (var second = await Start(configuration: added))
        {
            Assert.True((await second.Host.ExecuteAsync(now => new SignIn(now, 1999, LabConfiguration.TaskMrd))).Succeeded);
            state = await State(second);
        }
        Assert.Equal(state, FullReplay());
    }

    [Fact]
    public async Task A_journal_removed_from_beside_its_snapshot_stops_the_start_and_the_snapshot_is_kept()
    {
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 3);
            await first.Host.SnapshotAsync();
        }
        foreach (var file in Directory.GetFiles(_directory, "journal.db*")) File.Delete(file);
        var derived = DerivedFiles();
        var refused = await Assert.ThrowsAsync<JournalBehindException>(() => Start());
        Assert.StartsWith("the journal ends at record 0, before the snapshot ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("records the server acknowledged are not in it", refused.Message, StringComparison.Ordinal);
        // Kept: it holds the acknowledged tasks the journal lost.
        Assert.Single(SnapshotFiles());
        // With snapshots off, none is restored, but the one left still says what the journal lost.
        await Assert.ThrowsAsync<JournalBehindException>(() => Start(snapshotEvery: 0));
        // Left as they were for the journal put back: no empty journal in its place, and the trace
        // index and the reports not started over for a journal that is not theirs.
        Assert.Empty(Directory.GetFiles(_directory, "journal.db*"));
        Assert.Equal(derived, DerivedFiles());
    }

    // The trace index's and the reports' files, by name, with their bytes.
    private SortedDictionary<string, string> DerivedFiles() => new(
        Directory.GetFiles(_directory, "*.db*").Where(f => !Path.GetFileName(f).StartsWith("journal.db", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    /// <summary>Signs agents in, copies the journal aside, then submits five tasks and takes a snapshot of them; returns where the copy is.</summary>
    private async Task<string> CopyJournalThenSnapshotFiveTasks()
    {
        await using (var first = await Start()) await SignInAgents(first);
        var backup = Path.Combine(_directory, "backup");
        Directory.CreateDirectory(backup);
        foreach (var file in Directory.GetFiles(_directory, "journal.db*")) File.Copy(file, Path.Combine(backup, Path.GetFileName(file)));
        await using var second = await Start();
        await Work(second, 0, 5);
        await second.Host.SnapshotAsync();
        return backup;
    }

    private void RestoreJournal(string backup)
    {
        foreach (var file in Directory.GetFiles(_directory, "journal.db*")) File.Delete(file);
        foreach (var file in Directory.GetFiles(backup, "journal.db*")) File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
    }

    [Fact]
    public async Task A_journal_restored_from_an_older_copy_starts_only_once_its_newer_snapshots_are_deleted_as_the_restore_procedure_says()
    {
        var backup = await CopyJournalThenSnapshotFiveTasks();
        Assert.Single(SnapshotFiles());

        // The copy restored with the snapshot of the later tasks still beside it: refused, nothing deleted.
        RestoreJournal(backup);
        await Assert.ThrowsAsync<JournalBehindException>(() => Start());
        Assert.Single(SnapshotFiles());

        // docs/operations.md, Backup and restore: the snapshots deleted, the copy starts and replays whole.
        foreach (var file in SnapshotFiles()) File.Delete(file);
        await using var restored = await Start();
        Assert.Null(restored.Host.RestoredSnapshot);
        Assert.Equal(FullReplay(), await State(restored));
    }

    [Fact]
    public async Task A_snapshot_beside_a_journal_that_holds_other_records_at_its_number_is_passed_over()
    {
        var backup = await CopyJournalThenSnapshotFiveTasks();
        // The snapshot kept elsewhere while the copy of the journal is restored and written on past
        // its record with other tasks, then put back: the journal has its record number, not its record.
        var snapshot = Assert.Single(SnapshotFiles());
        var aside = Path.Combine(backup, Path.GetFileName(snapshot));
        File.Move(snapshot, aside);
        RestoreJournal(backup);
        await using (var restored = await Start()) await Work(restored, 100, 6);
        File.Move(aside, snapshot);

        await using var again = await Start();
        Assert.Null(again.Host.RestoredSnapshot);
        Assert.Equal(FullReplay(), await State(again));
        // It can never fit this journal again: deleted, not read at every start.
        Assert.Empty(SnapshotFiles());
    }

    [Fact]
    public async Task A_snapshot_written_before_snapshots_kept_their_records_fingerprint_is_still_restored()
    {
        long covered;
        byte[] before;
        await using (var first = await Start())
        {
            await SignInAgents(first);
            await Work(first, 0, 4);
            covered = await first.Host.SnapshotAsync();
            await Work(first, 4, 2);
            before = await State(first);
        }
        // Format 2, as the build before wrote it: the same, without the record's fingerprint
        // (8 bytes before the SHA-256 that closes the file).
        var file = Assert.Single(SnapshotFiles());
        var v3 = File.ReadAllBytes(file);
        Assert.Equal(3, System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(v3.AsSpan(4)));
        var v2 = v3[..^(8 + 32)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(v2.AsSpan(4), 2);
        File.WriteAllBytes(file, [.. v2, .. System.Security.Cryptography.SHA256.HashData(v2)]);

        await using var second = await Start();
        Assert.Equal(covered, second.Host.RestoredSnapshot);
        Assert.Equal(2, second.Host.RecoveredCommands);
        Assert.Equal(before, await State(second));
    }

    [Fact]
    public async Task An_idempotency_key_used_before_the_snapshot_still_returns_the_first_task_after_a_restart()
    {
        Guid contact;
        await using (var first = await Start())
        {
            (_, contact, _) = await first.Host.SubmitAsync(now => new SubmitTask(now, new TaskData { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }), "key-1");
            await first.Host.SnapshotAsync();
        }
        await using var second = await Start();
        Assert.NotNull(second.Host.RestoredSnapshot);
        Assert.Equal(0, second.Host.RecoveredCommands);
        var (result, again, replayed) = await second.Host.SubmitAsync(now => new SubmitTask(now, new TaskData { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }), "key-1");
        Assert.True(result.Succeeded);
        Assert.True(replayed);
        Assert.Equal(contact, again);
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_another_task_is_refused_after_a_restart_from_the_snapshot_or_the_journal()
    {
        static TaskData Data(string title) => new() { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = title, ScriptSelector = "CumulusTask" };
        await using (var first = await Start())
        {
            await first.Host.SubmitAsync(now => new SubmitTask(now, Data("t")), "before-snapshot");
            await first.Host.SnapshotAsync();
            await first.Host.SubmitAsync(now => new SubmitTask(now, Data("t")), "after-snapshot");
        }
        await using var second = await Start();
        Assert.NotNull(second.Host.RestoredSnapshot);
        foreach (var key in new[] { "before-snapshot", "after-snapshot" })
        {
            await Assert.ThrowsAsync<Hosting.IdempotencyKeyReusedException>(() => second.Host.SubmitAsync(now => new SubmitTask(now, Data("another")), key));
            var (_, _, replayed) = await second.Host.SubmitAsync(now => new SubmitTask(now, Data("t")), key);
            Assert.True(replayed);
        }
    }

    private static void Damage(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(file, bytes);
    }
}
