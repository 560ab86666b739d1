using System.Net;
using System.Text;
using System.Xml.Linq;
using Taskroute.Core.Commands;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>State comes back from the journal: a restarted server on the same data directory has every acknowledged task.</summary>
public class RestartTests
{
    [Fact]
    public async Task Tasks_and_agent_states_survive_a_restart_on_the_same_data_directory()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-restart-").FullName;
        try
        {
            var locations = new List<Uri>();
            await using (var first = await TestServer.StartAsync(directory))
            {
                await first.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
                await first.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
                for (var i = 0; i < 5; i++)
                {
                    var response = await first.Client.PostAsync("/ccp/task/feed/100000",
                        new StringContent($"<Task><name>n{i}</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    locations.Add(response.Headers.Location!);
                }
            }

            await using var second = await TestServer.StartAsync(directory);
            var statuses = new List<string>();
            foreach (var location in locations)
            {
                var path = location.PathAndQuery;
                var xml = XElement.Parse(await second.Client.GetStringAsync(path));
                statuses.Add(xml.Element("status")!.Value);
            }
            // Agent 1080 holds three (its limit); two wait.
            Assert.Equal(["reserved", "reserved", "reserved", "queued", "queued"], statuses);
            var media = await second.Host.QueryAsync((engine, _) => engine.AgentMedia(1080).Single(m => m.MrdId == LabConfiguration.TaskMrd));
            Assert.Equal(3, media.NumTasks);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}

public class TimerReplayTests
{
    [Fact]
    public async Task Deadlines_that_fired_before_a_restart_do_not_fire_again_after_it()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-timers-").FullName;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero));
        try
        {
            await using (var first = await TestServer.StartAsync(directory, time: time))
            {
                await first.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
                await first.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
                await first.Host.SubmitAsync(now => new SubmitTask(now, new Taskroute.Core.Flow.TaskData { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }), null);
                // Nobody starts it: after the start timeout the loop ticks, and the task rings out.
                time.Advance(TimeSpan.FromSeconds(31));
                for (var i = 0; i < 50_000 && await first.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)) == 0; i++) await Task.Yield();
                Assert.Equal(1, await first.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)));
            }
            await using (var second = await TestServer.StartAsync(directory, time: time))
            {
                Assert.Equal(1, await second.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)));
                await second.Host.QueryAsync((_, _) => 0);
            }
            using var journal = new Taskroute.Storage.Sqlite.SqliteJournal(Path.Combine(directory, "journal.db"));
            var rings = journal.ReadEvents().Count(e => e.Line.Contains("TIMER_EXPIRED", StringComparison.Ordinal) && e.Line.Contains("TaskStartTimeout", StringComparison.Ordinal));
            Assert.Equal(1, rings);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
