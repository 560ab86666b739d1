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
