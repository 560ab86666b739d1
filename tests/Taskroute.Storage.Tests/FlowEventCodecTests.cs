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
}
