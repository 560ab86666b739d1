using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Storage.Tests;

/// <summary>The journal's binary form of events must give back exactly the events it was given.</summary>
public class FlowEventCodecTests
{
    [Fact]
    public void Every_event_of_a_busy_random_day_reads_back_exactly_as_written()
    {
        var engine = new RoutingEngine(LabConfiguration.Create());
        var random = new Random(20240130);
        var now = new DateTimeOffset(2024, 1, 30, 13, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        int[] mrds = [LabConfiguration.TaskMrd, LabConfiguration.ChatMrd, LabConfiguration.EmailMrd];
        string[] selectors = [LabConfiguration.TaskSelector, LabConfiguration.ChatSelector, LabConfiguration.EmailSelector, LabConfiguration.SupportSelector, "Unknown"];
        var checkedEvents = 0;
        for (var step = 0; step < 3000; step++)
        {
            now += random.Next(0, 20_000);
            var agent = 1080 + random.Next(10);
            var mrd = mrds[random.Next(mrds.Length)];
            Command command = random.Next(9) switch
            {
                0 => new SignIn(now, agent, mrd, 0, (InterruptAction)random.Next(2), (DialogLogoutAction)random.Next(2)),
                1 => new SetReady(now, agent, mrd, random.Next(3) > 0, random.Next(5)),
                2 => new SignOut(now, agent, mrd, random.Next(3)),
                3 or 4 => new SubmitTask(now, new TaskData
                {
                    ContactId = Guid.NewGuid(), FeedId = LabConfiguration.TaskFeed, Name = "Näme \\ back\\slash", Title = "t",
                    ScriptSelector = selectors[random.Next(selectors.Length)], CallVariables = [random.Next(2) == 0 ? "es" : "en"], Priority = random.Next(0, 4),
                    EccVariables = [new("user.x", "y")], Description = random.Next(2) == 0 ? null : "line\r\nnext",
                }),
                _ when engine.Dialogs(agent) is { Count: > 0 } dialogs => new ActOnDialog(now, agent, dialogs[random.Next(dialogs.Count)].TaskId,
                    (DialogAction)random.Next(7), ScriptSelector: LabConfiguration.ChatSelector),
                _ => new Tick(now),
            };
            engine.Execute(command);
            var events = engine.Events.ToArray();
            var data = (command as SubmitTask)?.Data;
            var decoded = FlowEventCodec.Decode(FlowEventCodec.Encode(events, command.Time), command.Time, data);
            Assert.Equal(events.Select(e => FlowEventFormatter.Format(e)), decoded.Select(e => FlowEventFormatter.Format(e)));
            checkedEvents += events.Length;
        }
        Assert.True(checkedEvents > 10_000, $"only {checkedEvents} events checked");
    }

    [Fact]
    public void A_record_whose_events_hold_a_field_or_message_this_build_does_not_know_is_a_newer_builds_not_misread()
    {
        // One event: message, from, to, the mask of fields present, the time's offset; as a newer build
        // would write it with a field past this build's last.
        static byte[] Record(byte message, uint has)
        {
            using var stream = new MemoryStream();
            using var w = new BinaryWriter(stream);
            w.Write7BitEncodedInt(1);
            w.Write(message);
            w.Write((byte)0);
            w.Write((byte)0);
            w.Write7BitEncodedInt((int)has);
            w.Write7BitEncodedInt64(0);
            w.Flush();
            return stream.ToArray();
        }

        var field = Assert.Throws<JournalTooNewException>(() => JournalRow.Decode(41, 1706622867874, Record(0, 1u << 23), command: null, "journal.db"));
        Assert.Equal("event field 23", field.Unknown);
        Assert.StartsWith("journal record 41 was written by a newer Taskroute (event field 23 unknown to this build", field.Message, StringComparison.Ordinal);
        Assert.Equal("event message 250", Assert.Throws<JournalTooNewException>(() => JournalRow.Decode(42, 1706622867874, Record(250, 0), command: null)).Unknown);

        // The same record with only known fields reads as before.
        Assert.Equal(MessageType.CREATE_SOCIAL_CONTACT, Assert.Single(JournalRow.Decode(43, 1706622867874, Record(0, 0), command: null).Events).Message);
    }
}
