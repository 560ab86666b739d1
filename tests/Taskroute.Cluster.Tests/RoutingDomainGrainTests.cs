using System.Collections.Concurrent;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Storage;
using Taskroute.Storage.Postgres;

namespace Taskroute.Cluster.Tests;

/// <summary>Routing domains as grains on a cluster of silos: routed apart, moved when a silo dies, nothing acknowledged lost or doubled.</summary>
public class RoutingDomainGrainTests
{
    private static string Encode(Command command) => CommandCodec.Encode(command);

    private static TaskData Task(Guid contact) => new() { ContactId = contact, FeedId = LabConfiguration.TaskFeed, Name = "Customer", Title = "Help", ScriptSelector = LabConfiguration.TaskSelector };

    private static async Task Ready(IRoutingDomainGrain domain, int login)
    {
        Assert.True((await domain.Execute(Encode(new SignIn(0, login, LabConfiguration.TaskMrd, 1)))).Succeeded);
        Assert.True((await domain.Execute(Encode(new SetReady(0, login, LabConfiguration.TaskMrd)))).Succeeded);
    }

    [Fact]
    public async Task Tasks_of_each_domain_go_to_that_domains_agents_only()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(2, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 2);
        var east = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
        var west = cluster.Client.GetGrain<IRoutingDomainGrain>(names[1]);
        await Ready(east, 1080);

        var toEast = Guid.NewGuid();
        var toWest = Guid.NewGuid();
        Assert.True((await east.Execute(Encode(new SubmitTask(0, Task(toEast))))).Succeeded);
        Assert.True((await west.Execute(Encode(new SubmitTask(0, Task(toWest))))).Succeeded);

        Assert.Equal(("reserved", LabConfiguration.SeedAgentId), ((await east.Contact(toEast))!.Status, (await east.Contact(toEast))!.AgentId));
        // West's agent 1080 is another person: not signed in there, so west's task waits.
        Assert.Equal("queued", (await west.Contact(toWest))!.Status);
        Assert.Null(await west.Contact(toEast));
        Assert.Contains(await west.Agent(1080), m => m.State == "LOGOUT" || m.MrdId != LabConfiguration.TaskMrd);
        Assert.Single(await east.Dialogs(1080));
    }

    [Fact]
    public async Task A_domain_activated_again_restores_its_newest_snapshot_and_replays_only_the_commands_after_it()
    {
        ClusterFixture.RequirePostgres();
        var fixture = ClusterFixture.Catalog(1, out var names);
        var catalog = new DomainCatalog(fixture.ConnectionString, fixture.Domains) { SnapshotEvery = 10 };
        var contacts = Enumerable.Range(0, 25).Select(_ => Guid.NewGuid()).ToList();
        var before = new List<string>();
        long journalLength;
        await using (var cluster = await ClusterFixture.Start(catalog, silos: 1))
        {
            var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
            Assert.Equal((0L, 0), await domain.Activation());
            await Ready(domain, 1080);
            foreach (var contact in contacts) Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(contact))))).Succeeded);
            foreach (var contact in contacts) before.Add((await domain.Contact(contact))!.Status);
            journalLength = await domain.JournalLength();
        }
        Assert.Equal("reserved", before[0]);
        Assert.All(before.Skip(1), status => Assert.Equal("queued", status));

        await using var again = await ClusterFixture.Start(catalog, silos: 1);
        var restarted = again.Client.GetGrain<IRoutingDomainGrain>(names[0]);
        var (restored, replayed) = await restarted.Activation();
        // Snapshots are taken every ten records or more, the last perhaps still being stored at the stop.
        Assert.InRange(restored, 10, journalLength);
        Assert.Equal(journalLength - restored, replayed);
        var after = new List<string>();
        foreach (var contact in contacts) after.Add((await restarted.Contact(contact))!.Status);
        Assert.Equal(before, after);
        Assert.Single(await restarted.Dialogs(1080));
    }

    [Fact]
    public async Task A_retried_submit_with_its_idempotency_key_answers_the_first_task_also_after_the_domain_moves()
    {
        ClusterFixture.RequirePostgres();
        var fixture = ClusterFixture.Catalog(1, out var names);
        var catalog = new DomainCatalog(fixture.ConnectionString, fixture.Domains) { SnapshotEvery = 2 };
        var first = Guid.NewGuid();
        await using (var cluster = await ClusterFixture.Start(catalog, silos: 1))
        {
            var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
            var made = await domain.Submit(Encode(new SubmitTask(0, Task(first))), "api:k1");
            Assert.Equal(("Success", first, false), (made.Status, made.Contact, made.Replayed));
            // The client's retry: a new contact id from the front end, the same request and key.
            var retried = await domain.Submit(Encode(new SubmitTask(0, Task(Guid.NewGuid()))), "api:k1");
            Assert.Equal(("Success", first, true), (retried.Status, retried.Contact, retried.Replayed));
            // Enough commands for snapshots, so the next activation starts past the keyed submit.
            foreach (var _ in Enumerable.Range(0, 5)) await domain.Submit(Encode(new SubmitTask(0, Task(Guid.NewGuid()))), null);
        }

        await using var again = await ClusterFixture.Start(catalog, silos: 1);
        var moved = again.Client.GetGrain<IRoutingDomainGrain>(names[0]);
        Assert.True((await moved.Activation()).RestoredSnapshot > 1);
        var late = await moved.Submit(Encode(new SubmitTask(0, Task(Guid.NewGuid()))), "api:k1");
        Assert.Equal(("Success", first, true), (late.Status, late.Contact, late.Replayed));
        // The same key for another task is the client's bug, said as such.
        var other = new TaskData { ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = "Customer", Title = "another task", ScriptSelector = LabConfiguration.TaskSelector };
        var reused = await moved.Submit(Encode(new SubmitTask(0, other)), "api:k1");
        // ... without naming the task the key made: a guessed key must not hand out another client's task.
        Assert.Equal((DomainAnswer.KeyReused, Guid.Empty), (reused.Status, reused.Contact));
        Assert.DoesNotContain(first.ToString("D"), reused.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_close_of_an_offered_dialog_is_refused_and_journals_nothing()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(1, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 1);
        var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
        await Ready(domain, 1080);
        Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(Guid.NewGuid()))))).Succeeded);
        Assert.True(Core.Ids.IcmTaskId.TryParse(Assert.Single(await domain.Dialogs(1080)), out var dialog));
        var before = await domain.JournalLength();

        var refused = await domain.Execute(Encode(new ActOnDialog(0, 1080, dialog, DialogAction.Close)));
        Assert.Equal(nameof(ArmStatus.InvalidMessageSequence), refused.Status);
        // Nothing was run, so nothing is kept: not even the events of the command before it again.
        Assert.Equal(before, await domain.JournalLength());
        Assert.True((await domain.Execute(Encode(new ActOnDialog(0, 1080, dialog, DialogAction.Accept)))).Succeeded);
        Assert.Equal(before + 1, await domain.JournalLength());
    }

    [Fact]
    public async Task A_cancel_of_a_version_read_before_a_change_is_refused_and_journals_nothing()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(1, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 1);
        var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
        var contact = Guid.NewGuid();
        Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(contact))))).Succeeded);
        var read = (await domain.Contact(contact))!;

        // The agent signs in and takes the task after the client read it: its If-Match no longer holds.
        await Ready(domain, 1080);
        var before = await domain.JournalLength();
        Assert.Equal(DomainAnswer.Changed, (await domain.CancelIfUnchanged(contact, read.Status, read.StatusChangedAt)).Status);
        Assert.Equal(("reserved", before), ((await domain.Contact(contact))!.Status, await domain.JournalLength()));

        // A task still as it was read is cancelled (the agent, at its limit of one, leaves it queued).
        var waiting = Guid.NewGuid();
        Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(waiting))))).Succeeded);
        var current = (await domain.Contact(waiting))!;
        Assert.True((await domain.CancelIfUnchanged(waiting, current.Status, current.StatusChangedAt)).Succeeded);
        Assert.Equal("cancelled", (await domain.Contact(waiting))!.Status);
    }

    // The lab with room for one task in the task MRD's queue.
    private static Core.Configuration.RoutingConfiguration OneWaitingLab()
    {
        var lab = LabConfiguration.Create();
        return new Core.Configuration.RoutingConfiguration
        {
            AgentPeripheralId = lab.AgentPeripheralId, MediaRoutingPeripheralId = lab.MediaRoutingPeripheralId, RoutingClientId = lab.RoutingClientId,
            RouterCallKeyStart = lab.RouterCallKeyStart, UtcOffsetMinutes = lab.UtcOffsetMinutes, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes,
            PrecisionQueues = lab.PrecisionQueues, Agents = lab.Agents, ScriptSelectors = lab.ScriptSelectors, TaskFeeds = lab.TaskFeeds,
            Mrds = [.. lab.Mrds.Select(m => m.Id != LabConfiguration.TaskMrd ? m : new Core.Configuration.MediaRoutingDomain { Id = m.Id, Name = m.Name, MaxTasksInQueue = 1 })],
        };
    }

    [Fact]
    public async Task A_submit_to_a_full_queue_is_turned_away_and_journals_nothing()
    {
        ClusterFixture.RequirePostgres();
        var oneWaiting = OneWaitingLab();
        var name = "q" + Guid.NewGuid().ToString("N")[..8];
        await using var cluster = await ClusterFixture.Start(new DomainCatalog(ClusterFixture.Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [name] = oneWaiting }), silos: 1);
        var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(name);
        var first = Guid.NewGuid();
        Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(first))))).Succeeded);
        var before = await domain.JournalLength();
        // A front end's retry of the submit that filled the queue is answered as a duplicate, not turned away.
        Assert.Equal(nameof(Core.Flow.ArmStatus.DuplicateContact), (await domain.Execute(Encode(new SubmitTask(0, Task(first))))).Status);

        // Through either call a front end makes: without an idempotency key, and with one.
        var second = Guid.NewGuid();
        Assert.Equal(DomainAnswer.QueueFull, (await domain.Execute(Encode(new SubmitTask(0, Task(second))))).Status);
        Assert.Equal(DomainAnswer.QueueFull, (await domain.Submit(Encode(new SubmitTask(0, Task(second))), "key-1")).Status);
        Assert.Null(await domain.Contact(second));
        Assert.Equal(before, await domain.JournalLength());
    }

    [Fact]
    public async Task A_transfer_into_a_full_queue_is_refused_and_journals_nothing()
    {
        ClusterFixture.RequirePostgres();
        var oneWaiting = OneWaitingLab();
        var name = "t" + Guid.NewGuid().ToString("N")[..8];
        await using var cluster = await ClusterFixture.Start(new DomainCatalog(ClusterFixture.Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [name] = oneWaiting }), silos: 1);
        var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(name);
        await Ready(domain, 1080);
        Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(Guid.NewGuid()))))).Succeeded);
        Assert.True(Core.Ids.IcmTaskId.TryParse(Assert.Single(await domain.Dialogs(1080)), out var dialog));
        Assert.True((await domain.Execute(Encode(new ActOnDialog(0, 1080, dialog, DialogAction.Start)))).Succeeded);
        // 1080 holds its one task, so the next waits, and the queue is full.
        Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(Guid.NewGuid()))))).Succeeded);
        var before = await domain.JournalLength();

        var refused = await domain.Execute(Encode(new ActOnDialog(0, 1080, dialog, DialogAction.Transfer, ScriptSelector: LabConfiguration.TaskSelector)));
        Assert.Equal(nameof(ArmStatus.QueueFull), refused.Status);
        Assert.Equal(before, await domain.JournalLength());
        Assert.Single(await domain.Dialogs(1080));
    }

    [Fact]
    public async Task A_domain_with_no_snapshot_due_stops_without_an_error_and_activates_again_from_its_journal()
    {
        ClusterFixture.RequirePostgres();
        var fixture = ClusterFixture.Catalog(1, out var names);
        var catalog = new DomainCatalog(fixture.ConnectionString, fixture.Domains) { SnapshotEvery = 100_000 };
        var errors = new ErrorLog();
        await using (var cluster = await ClusterFixture.Start(catalog, silos: 1, errors))
        {
            var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
            Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(Guid.NewGuid()))))).Succeeded);
        }
        // (Orleans may log errors of its own at a stop, such as finding no silo to migrate to: not this domain's.)
        Assert.DoesNotContain(errors.Errors, e => e.Contains("OnDeactivateAsync", StringComparison.Ordinal) || e.Contains("Snapshot", StringComparison.Ordinal));

        await using var again = await ClusterFixture.Start(catalog, silos: 1);
        // The journal's first record names the router's rules; then the submit.
        Assert.Equal((0L, 2), await again.Client.GetGrain<IRoutingDomainGrain>(names[0]).Activation());
    }

    [Fact]
    public async Task A_domain_whose_journal_was_restored_to_an_earlier_point_deletes_the_snapshots_past_its_end()
    {
        ClusterFixture.RequirePostgres();
        var fixture = ClusterFixture.Catalog(1, out var names);
        var catalog = new DomainCatalog(fixture.ConnectionString, fixture.Domains) { SnapshotEvery = 10 };
        await using (var cluster = await ClusterFixture.Start(catalog, silos: 1))
        {
            var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(names[0]);
            await Ready(domain, 1080);
            for (var i = 0; i < 25; i++) Assert.True((await domain.Execute(Encode(new SubmitTask(0, Task(Guid.NewGuid()))))).Succeeded);
        }
        var table = DomainCatalog.TableOf(names[0]);
        var snapshots = new PostgresSnapshotStore(fixture.ConnectionString, table);
        Assert.Contains(snapshots.List(), s => s.Sequence > 5);

        // What reloading an older dump does: the journal ends before its snapshots.
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cut = new Npgsql.NpgsqlCommand($"DELETE FROM {table} WHERE seq > 5; DELETE FROM {table}_tasks WHERE seq > 5;", connection);
            await cut.ExecuteNonQueryAsync();
        }

        await using var again = await ClusterFixture.Start(catalog, silos: 1);
        Assert.Equal((0L, 5), await again.Client.GetGrain<IRoutingDomainGrain>(names[0]).Activation());
        // Gone, so that a journal run on past them never takes them for its own.
        Assert.DoesNotContain(snapshots.List(), s => s.Sequence > 5);
    }

    [Fact]
    public async Task A_silo_killed_under_load_moves_its_domains_and_no_acknowledged_task_is_lost_or_doubled_and_agents_stay_signed_in()
    {
        ClusterFixture.RequirePostgres();
        var catalog = ClusterFixture.Catalog(6, out var names);
        await using var cluster = await ClusterFixture.Start(catalog, silos: 3);
        foreach (var name in names) await Ready(cluster.Client.GetGrain<IRoutingDomainGrain>(name), 1080);

        var acknowledged = new ConcurrentDictionary<Guid, string>();
        using var stop = new CancellationTokenSource();
        // Each writer retries a submit whose answer it did not get with the same contact id: the
        // domain answers DuplicateContact when the first attempt was durable after all.
        async Task Load(string name)
        {
            var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(name);
            while (!stop.IsCancellationRequested)
            {
                var contact = Guid.NewGuid();
                for (var attempt = 0; attempt < 50; attempt++)
                {
                    try
                    {
                        var answer = await domain.Execute(Encode(new SubmitTask(0, Task(contact))));
                        if (answer.Succeeded || answer.Status == nameof(ArmStatus.DuplicateContact)) acknowledged[contact] = name;
                        break;
                    }
                    catch (Exception) when (attempt < 49)
                    {
                        await System.Threading.Tasks.Task.Delay(100);
                    }
                }
            }
        }
        var load = names.Select(n => System.Threading.Tasks.Task.Run(() => Load(n))).ToArray();
        while (acknowledged.Count < 60) await System.Threading.Tasks.Task.Delay(20);

        // Kill a silo that holds domains (never the primary, which the test cluster needs for
        // membership). Placement is random, so ask the cluster where each domain lives.
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var homes = new Dictionary<string, SiloAddress?>();
        foreach (var name in names) homes[name] = await management.GetActivationAddress(cluster.Client.GetGrain<IRoutingDomainGrain>(name));
        var victim = cluster.Silos.Skip(1).OrderByDescending(s => homes.Values.Count(h => h == s.SiloAddress)).First();
        var onVictim = names.Where(n => homes[n] == victim.SiloAddress).ToHashSet();
        Assert.NotEmpty(onVictim);
        await cluster.KillSiloAsync(victim);
        var before = acknowledged.Count;
        while (acknowledged.Count < before + 60) await System.Threading.Tasks.Task.Delay(20);
        stop.Cancel();
        await System.Threading.Tasks.Task.WhenAll(load);

        var moved = 0;
        foreach (var name in names)
        {
            using (var connection = new Npgsql.NpgsqlConnection(catalog.ConnectionString))
            {
                connection.Open();
                using var epoch = new Npgsql.NpgsqlCommand($"SELECT epoch FROM {DomainCatalog.TableOf(name)}_lease;", connection);
                var wasMoved = (long)epoch.ExecuteScalar()! > 1;
                if (wasMoved) moved++;
                if (onVictim.Contains(name)) Assert.True(wasMoved, $"{name} lived on the killed silo but was not activated again on a new epoch");
            }
            var domain = cluster.Client.GetGrain<IRoutingDomainGrain>(name);
            using var journal = new PostgresJournal(catalog.ConnectionString, DomainCatalog.TableOf(name));
            var submitted = journal.ReadCommands().Select(c => c.Command).OfType<SubmitTask>().Select(s => s.Data.ContactId).ToList();
            Assert.Equal(submitted.Count, submitted.Distinct().Count());
            var mine = acknowledged.Where(a => a.Value == name).Select(a => a.Key).ToHashSet();
            Assert.Subset(submitted.ToHashSet(), mine);
            foreach (var contact in mine) Assert.NotNull(await domain.Contact(contact));
            // The agent signed in before the kill is still signed in (reserved, or ready again after a RONA if its task start timeout passed).
            var media = Assert.Single(await domain.Agent(1080), m => m.MrdId == LabConfiguration.TaskMrd);
            Assert.Contains(media.State, new[] { "RESERVED", "NOT_ACTIVE" });
        }
        // The killed silo's domains were activated again elsewhere, on a new journal epoch.
        Assert.InRange(moved, onVictim.Count, names.Length);
    }
}
