using System.Net;
using System.Net.Http.Json;

namespace Taskroute.Server.Tests;

/// <summary>Deadlines further away than a .NET timer can wait (about 49.7 days): a quiet email MRD's task life, for one.</summary>
public sealed class LongDeadlineTests
{
    [Fact]
    public async Task A_task_whose_life_ends_in_sixty_days_is_taken_and_the_server_goes_on_taking_tasks()
    {
        var sixtyDays = 60 * 86_400;
        var configuration = LabVariant.With(mrd: m => LabVariant.Changed(m, taskLifeSeconds: sixtyDays));
        var directory = Directory.CreateTempSubdirectory("taskroute-test-").FullName;
        try
        {
            await using (var server = await TestServer.StartAsync(directory, configuration))
            {
                // The only deadline the engine has is the first task's end of life, sixty days away.
                var first = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "quiet", title = "an email" });
                Assert.Equal(HttpStatusCode.Created, first.StatusCode);
                var second = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "next", title = "another" });
                Assert.Equal(HttpStatusCode.Created, second.StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);
            }

            // A restart arms the same far deadline again, from the journal.
            await using var again = await TestServer.StartAsync(directory, configuration);
            var list = await again.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/tasks?status=queued");
            Assert.Equal(2, list.GetProperty("items").GetArrayLength());
            var third = await again.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "after", title = "the restart" });
            Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
