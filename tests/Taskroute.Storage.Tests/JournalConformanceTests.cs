using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Storage.Index;

namespace Taskroute.Storage.Tests;

/// <summary>
/// What every journal adapter must do, run against each of them: durable, ordered, all-or-nothing
/// batches, and commands that read back exactly as written, so a replay rebuilds the same state.
/// </summary>
public abstract class JournalConformanceTests
{
    private static readonly long Start = new DateTimeOffset(2024, 1, 30, 13, 55, 49, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Opens the journal named <paramref name="name"/>; the same name opens the same journal again.</summary>
    protected abstract IJournal Open(string name);

    private static List<JournalEntry> RunSeed(RoutingEngine engine, out List<Command> commands)
    {
        commands =
        [
            new SignIn(Start, 1080, LabConfiguration.TaskMrd, 2, InterruptAction.Ignore, DialogLogoutAction.Transfer),
            new SetReady(Start + 1, 1080, LabConfiguration.TaskMrd),
            new SubmitTask(Start + 2, new TaskData
            {
                ContactId = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"), FeedId = 100000, Name = "Ann \"A\" <O'Neil>", Title = "Refund é ✓",
                Description = "line 1\nline 2", ScriptSelector = "CumulusTask", CallVariables = ["gold", null, "3"],
                EccVariables = [new("user.order.id", "1234")], Tags = ["vip"], Priority = 2, MediaType = "email", RequeueOnRecovery = true,
            }),
            new SetReady(Start + 3, 1080, LabConfiguration.TaskMrd, Ready: false, ReasonCode: 12),
        ];
        var entries = new List<JournalEntry>();
        foreach (var command in commands)
        {
            Assert.True(engine.Execute(command).Succeeded);
            entries.Add(new JournalEntry(command.Time, command, command is SubmitTask ? "key-1" : null, engine.Events.ToArray()));
        }
        return entries;
    }

    [Fact]
    public void Appended_batches_read_back_in_order_with_their_commands()
    {
        using var journal = Open(Name());
        Assert.Equal(0, journal.LastSequence);
        var entries = RunSeed(new RoutingEngine(LabConfiguration.Create()), out var commands);
        var last = journal.Append(entries.Take(2).ToList());
        Assert.Equal(2, last);
        Assert.Equal(entries.Count, journal.Append(entries.Skip(2).ToList()));

        var read = journal.ReadCommands().ToList();
        Assert.Equal(commands, read.Select(c => c.Command).ToList(), new CommandComparer());
        Assert.Equal([null, null, "key-1", null], read.Select(c => c.IdempotencyKey));
        Assert.Equal(entries.SelectMany(e => e.Events).Select(e => FlowEventFormatter.Format(e)), journal.ReadEvents().Select(e => e.Line));
        Assert.Equal(entries.SelectMany((e, i) => e.Events.Select(_ => (long)i + 1)), journal.ReadEvents().Select(e => e.Sequence));
        Assert.Equal(entries.SelectMany(e => e.Events).Count(), journal.ReadEvents(afterSequence: 0, limit: 100).Count());
        Assert.Equal(entries[3].Events.Length, journal.ReadEvents(afterSequence: 3).Count());
        // After a snapshot, recovery reads only the commands it does not cover.
        Assert.Equal(commands.Skip(2), journal.ReadCommands(afterSequence: 2).Select(c => c.Command).ToList(), new CommandComparer());
        Assert.Equal([3L, 4L], journal.ReadCommands(afterSequence: 2).Select(c => c.Sequence));
        Assert.Empty(journal.ReadCommands(afterSequence: 4));
    }

    [Fact]
    public void A_reopened_journal_keeps_its_entries_and_numbers_on()
    {
        var name = Name();
        var entries = RunSeed(new RoutingEngine(LabConfiguration.Create()), out _);
        using (var journal = Open(name)) journal.Append(entries);
        using (var journal = Open(name))
        {
            Assert.Equal(entries.Count, journal.LastSequence);
            journal.Append([entries[0]]);
            Assert.Equal(entries.Count + 1, journal.LastSequence);
            Assert.Equal(entries.SelectMany(e => e.Events).Count() + entries[0].Events.Length, journal.ReadEvents().Count());
        }
    }

    [Fact]
    public void Replaying_the_journals_commands_rebuilds_the_same_state()
    {
        var name = Name();
        var original = new RoutingEngine(LabConfiguration.Create());
        using (var journal = Open(name)) journal.Append(RunSeed(original, out _));

        var replayed = new RoutingEngine(LabConfiguration.Create());
        using (var journal = Open(name))
            foreach (var command in journal.ReadCommands()) Assert.True(replayed.Execute(command.Command).Succeeded);

        var contact = Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a");
        Assert.Equal(original.FindContact(contact)!.Status, replayed.FindContact(contact)!.Status);
        Assert.Equal(original.FindContact(contact)!.Data.EccVariables, replayed.FindContact(contact)!.Data.EccVariables);
        Assert.Equal(original.FindContact(contact)!.Data.Description, replayed.FindContact(contact)!.Data.Description);
        Assert.Equal(original.AgentMedia(1080).Select(m => (m.State, m.NumTasks, m.MaxTaskLimit, m.ReasonCode)),
            replayed.AgentMedia(1080).Select(m => (m.State, m.NumTasks, m.MaxTaskLimit, m.ReasonCode)));
        Assert.Equal(original.Dialogs(1080).Select(d => d.Id), replayed.Dialogs(1080).Select(d => d.Id));
    }

    [Fact]
    public void A_tasks_records_are_found_by_its_task_number()
    {
        using var journal = Open(Name());
        var entries = RunSeed(new RoutingEngine(LabConfiguration.Create()), out _);
        journal.Append(entries);
        var lines = journal.ReadTask(1).Select(l => l.Line).ToList();
        Assert.Contains(lines, l => l.Contains("CREATE_SOCIAL_CONTACT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DEVICE_TARGET_PRE_CALL_IND", StringComparison.Ordinal));
        Assert.Empty(journal.ReadTask(999));
    }

    private static TraceIndex IndexOf(IJournal journal, out string path)
    {
        path = Path.Combine(Path.GetTempPath(), "taskroute-index-" + Guid.NewGuid().ToString("N") + ".db");
        var index = new TraceIndex(path);
        index.CatchUp(journal);
        return index;
    }

    [Fact]
    public void A_task_is_found_by_its_contact_dialogue_and_task_ids()
    {
        using var journal = Open(Name());
        journal.Append(RunSeed(new RoutingEngine(LabConfiguration.Create()), out _));
        using var index = IndexOf(journal, out _);

        Assert.Equal(journal.LastSequence, index.IndexedSequence);
        Assert.Equal([1], index.FindTasks(TaskKey.ForContact(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"))));
        Assert.Equal([1], index.FindTasks(TaskKey.ForDialogue(1)));
        foreach (var form in new[] { "154526:37051928:1", "154526/37051928/1", "154526_37051928_1", "AE93F5AD452D4C5280578D23864A8A8A" })
        {
            Assert.True(TaskKey.TryParse(form, out var key));
            Assert.Equal([1], index.FindTasks(key));
        }
        Assert.Empty(index.FindTasks(TaskKey.ForDialogue(2)));
        Assert.Empty(index.FindTasks(TaskKey.ForContact(Guid.NewGuid())));
    }

    [Fact]
    public void A_tasks_records_decode_to_its_events_with_the_submitted_data()
    {
        using var journal = Open(Name());
        journal.Append(RunSeed(new RoutingEngine(LabConfiguration.Create()), out _));
        var records = journal.ReadTaskRecords(1).ToList();
        var events = records.SelectMany(r => r.Events).ToList();
        Assert.Equal(MessageType.CREATE_SOCIAL_CONTACT, events[0].Message);
        Assert.Equal("Refund é ✓", events[0].Data!.Title);
        Assert.Contains(events, e => e.Message == MessageType.DO_THIS_WITH_TASK && e.AgentId == 5172);
        Assert.Equal(records.Select(r => r.Sequence).Order(), records.Select(r => r.Sequence));
    }

    [Fact]
    public void An_agents_reservations_are_listed_within_a_time_window()
    {
        using var journal = Open(Name());
        journal.Append(RunSeed(new RoutingEngine(LabConfiguration.Create()), out _));
        using var index = IndexOf(journal, out _);
        Assert.Equal([new AgentTask(1, Start + 2)], index.FindAgentTasks(5172, Start, Start + 10));
        Assert.Empty(index.FindAgentTasks(5172, Start + 3, Start + 10));
        Assert.Empty(index.FindAgentTasks(5173, Start, Start + 10));
    }

    [Fact]
    public void The_index_catches_up_from_where_it_stopped_and_skips_what_it_holds()
    {
        using var journal = Open(Name());
        var entries = RunSeed(new RoutingEngine(LabConfiguration.Create()), out _);
        journal.Append(entries.Take(2).ToList());
        string path;
        using (var index = IndexOf(journal, out path)) Assert.Equal(2, index.IndexedSequence);

        journal.Append(entries.Skip(2).ToList());
        using (var reopened = new TraceIndex(path))
        {
            Assert.Equal(2, reopened.IndexedSequence);
            Assert.Equal(entries.Count - 2, reopened.CatchUp(journal));
            reopened.Add(1, [.. entries.Select(e => e.Events)], entries[^1].Fingerprint());
            Assert.Equal([1], reopened.FindTasks(TaskKey.ForDialogue(1)));
            Assert.Equal(entries.Count, reopened.IndexedSequence);
        }
        File.Delete(path);
    }

    /// <summary>
    /// What a journal restored from a backup taken after the seed's first two records holds, once
    /// the server has run on: the same first two records, then another task (contact
    /// <paramref name="contact"/>) and a fourth record when <paramref name="records"/> is 4.
    /// </summary>
    private static List<JournalEntry> RestoredAndWrittenOn(Guid contact, int records)
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        var seed = RunSeed(new RoutingEngine(LabConfiguration.Create()), out var commands);
        var entries = new List<JournalEntry>();
        foreach (var command in new Command[]
        {
            commands[0], commands[1],
            new SubmitTask(Start + 5, new TaskData { ContactId = contact, FeedId = 100000, Name = "after the restore", Title = "t", ScriptSelector = "CumulusTask" }),
            new SetReady(Start + 6, 1080, LabConfiguration.TaskMrd, Ready: false, ReasonCode: 12),
        }.Take(records))
        {
            Assert.True(engine.Execute(command).Succeeded);
            entries.Add(new JournalEntry(command.Time, command, null, engine.Events.ToArray()));
        }
        Assert.Equal(seed[1].Fingerprint(), entries[1].Fingerprint());
        return entries;
    }

    [Fact]
    public void Each_record_keeps_the_fingerprint_its_entry_had_and_a_record_past_the_end_has_none()
    {
        using var journal = Open(Name());
        var entries = RunSeed(new RoutingEngine(LabConfiguration.Create()), out _);
        journal.Append(entries);
        Assert.Equal(entries.Select(e => (long?)e.Fingerprint()), Enumerable.Range(1, entries.Count).Select(s => journal.Fingerprint(s)));
        Assert.Equal(entries.Count, entries.Select(e => e.Fingerprint()).Distinct().Count());
        Assert.Null(journal.Fingerprint(entries.Count + 1));
        Assert.Null(journal.Fingerprint(0));
    }

    [Theory]
    [InlineData(3)] // shorter than what the index had read
    [InlineData(4)] // as long, but its last two records are others
    public void An_index_beside_a_journal_it_was_not_built_from_forgets_that_journals_tasks_and_is_rebuilt(int records)
    {
        string path;
        using (var original = Open(Name()))
        {
            original.Append(RunSeed(new RoutingEngine(LabConfiguration.Create()), out _));
            using var built = IndexOf(original, out path);
            Assert.Equal(4, built.IndexedSequence);
        }
        using var restored = Open(Name());
        var contact = Guid.NewGuid();
        restored.Append(RestoredAndWrittenOn(contact, records));

        using (var index = new TraceIndex(path))
        {
            Assert.NotNull(index.DiscardUnlessOf(restored));
            Assert.Equal(0, index.IndexedSequence);
            Assert.Equal(records, index.CatchUp(restored));
            // The seed's task, number 1 in the index's old journal, is not in this one; its number 1 is the new task.
            Assert.Empty(index.FindTasks(TaskKey.ForContact(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"))));
            Assert.Equal([1], index.FindTasks(TaskKey.ForContact(contact)));
            Assert.Null(index.DiscardUnlessOf(restored));
        }
        // Built again, it is this journal's: reopened, it is kept and goes on from where it was.
        using (var reopened = new TraceIndex(path))
        {
            Assert.Null(reopened.DiscardUnlessOf(restored));
            Assert.Equal(records, reopened.IndexedSequence);
            Assert.Equal(0, reopened.CatchUp(restored));
        }
        File.Delete(path);
    }

    [Fact]
    public void An_index_beside_a_copy_of_its_journal_is_kept()
    {
        var entries = RunSeed(new RoutingEngine(LabConfiguration.Create()), out _);
        string path;
        using (var original = Open(Name()))
        {
            original.Append(entries);
            using var built = IndexOf(original, out path);
        }
        // A copy holds the same records: a backup restored whole, or one that has run on since.
        using var copy = Open(Name());
        copy.Append(entries.Take(2).ToList());
        copy.Append(entries.Skip(2).ToList());
        using var index = new TraceIndex(path);
        Assert.Null(index.DiscardUnlessOf(copy));
        Assert.Equal(0, index.CatchUp(copy));
        Assert.Equal([1], index.FindTasks(TaskKey.ForContact(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"))));
        File.Delete(path);
    }

    [Fact]
    public void An_index_kept_in_the_older_byte_order_is_emptied_and_rebuilt_from_the_journal()
    {
        using var journal = Open(Name());
        journal.Append(RunSeed(new RoutingEngine(LabConfiguration.Create()), out _));
        string path;
        using (var index = IndexOf(journal, out path)) Assert.Equal(journal.LastSequence, index.IndexedSequence);
        // What the first format left: contact ids in .NET's mixed-endian order, no format number.
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = "PRAGMA user_version = 0; UPDATE ids SET id = $old WHERE kind = 1;";
            command.Parameters.AddWithValue("$old", Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a").ToByteArray());
            command.ExecuteNonQuery();
        }

        using (var reopened = new TraceIndex(path))
        {
            Assert.Equal(0, reopened.IndexedSequence);
            reopened.CatchUp(journal);
            Assert.Equal([1], reopened.FindTasks(TaskKey.ForContact(Guid.Parse("ae93f5ad-452d-4c52-8057-8d23864a8a8a"))));
        }
        File.Delete(path);
    }

    [Fact]
    public void Contact_ids_made_in_time_order_are_kept_in_time_order()
    {
        // The index's B-tree grows at its end only if the stored bytes sort as the ids were made.
        var made = Enumerable.Range(0, 200).Select(i => Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(1_706_622_949_000 + i))).ToList();
        var stored = made.Select(g => (byte[])TaskKey.ForContact(g).Value).ToList();
        var sorted = stored.Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        Assert.Equal(stored, sorted);
    }

    [Fact]
    public void An_empty_batch_writes_nothing()
    {
        using var journal = Open(Name());
        Assert.Equal(0, journal.Append([]));
        Assert.Empty(journal.ReadEvents());
    }

    protected static string Name() => "j" + Guid.NewGuid().ToString("N")[..12];

    private sealed class CommandComparer : IEqualityComparer<Command>
    {
        public bool Equals(Command? x, Command? y) => CommandCodec.Encode(x!) == CommandCodec.Encode(y!);

        public int GetHashCode(Command obj) => CommandCodec.Encode(obj).GetHashCode(StringComparison.Ordinal);
    }
}
