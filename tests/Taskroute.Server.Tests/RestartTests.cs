using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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

public class ClockBehindJournalTests
{
    [Fact]
    public async Task A_server_started_on_a_clock_behind_its_journal_still_rings_out_an_offer_after_the_start_timeout()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-clock-behind-").FullName;
        var start = new DateTimeOffset(2024, 1, 30, 13, 55, 0, TimeSpan.Zero);
        try
        {
            await using (var first = await TestServer.StartAsync(directory, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start)))
                await first.Host.SubmitAsync(now => new SubmitTask(now, new Taskroute.Core.Flow.TaskData { ContactId = Guid.NewGuid(), FeedId = 100000, Name = "n", Title = "t", ScriptSelector = "CumulusTask" }), null);

            // A standby whose clock is five minutes behind the journal takes over the data directory.
            var behind = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start - TimeSpan.FromMinutes(5));
            await using var second = await TestServer.StartAsync(directory, time: behind);
            await second.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
            await second.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
            Assert.Single(await second.Host.QueryAsync((engine, _) => engine.Dialogs(1080).ToList()));

            // Nobody answers: 31 s later by the standby's clock, not five minutes later, the offer rings out.
            behind.Advance(TimeSpan.FromSeconds(31));
            for (var i = 0; i < 50_000 && await second.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)) == 0; i++) await Task.Yield();
            Assert.Equal(1, await second.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)));
            Assert.Empty(await second.Host.QueryAsync((engine, _) => engine.Dialogs(1080).ToList()));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}

public class RepeatedSignInRestartTests
{
    [Fact]
    public async Task A_desktop_signing_in_again_to_restore_its_settings_gets_already_logged_in_and_the_reset_survives_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-signin-again-").FullName;
        try
        {
            static async Task<JsonElement> Media(TestServer server) =>
                (await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<JsonElement>())
                    .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == LabConfiguration.TaskMrd);

            await using (var first = await TestServer.StartAsync(directory))
            {
                Assert.Equal(HttpStatusCode.OK, (await first.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", maxDialogLimit = 3 })).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await first.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);

                // As Finesse documents for recovery: the sign-in is refused as already logged in, and resets the settings.
                using var again = await first.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011",
                    new { state = "LOGIN", maxDialogLimit = 1, interruptAction = "IGNORE", dialogLogoutAction = "TRANSFER" });
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
                var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("E_ARM_STAT_AGENT_ALREADY_LOGGED_IN", problem.GetProperty("reason").GetString());
                Assert.Contains("reset", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

                var reset = await Media(first);
                Assert.Equal(("NOT_ACTIVE", 1, "IGNORE", "TRANSFER"),
                    (reset.GetProperty("state").GetString(), reset.GetProperty("maxDialogLimit").GetInt32(), reset.GetProperty("interruptAction").GetString(), reset.GetProperty("dialogLogoutAction").GetString()));
            }

            await using var second = await TestServer.StartAsync(directory);
            var replayed = await Media(second);
            Assert.Equal(("NOT_ACTIVE", 1, "IGNORE", "TRANSFER"),
                (replayed.GetProperty("state").GetString(), replayed.GetProperty("maxDialogLimit").GetInt32(), replayed.GetProperty("interruptAction").GetString(), replayed.GetProperty("dialogLogoutAction").GetString()));
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
