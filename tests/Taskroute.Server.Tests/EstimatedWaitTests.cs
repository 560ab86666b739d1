using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

public class EstimatedWaitTests
{
    [Fact]
    public void The_estimate_is_the_queue_ahead_over_the_last_five_minutes_service_rate()
    {
        var rate = new ServiceRate(1);
        Assert.Null(rate.EstimatedWaitSeconds(0, 10, 1_000_000));
        for (var i = 0; i < 30; i++) rate.Routed(0, 1_000_000 + i * 1000); // 30 tasks in 30 s
        Assert.Equal(30 / 300.0, rate.PerSecond(0, 1_030_000), 6);
        Assert.Equal(110, rate.EstimatedWaitSeconds(0, 10, 1_030_000)); // 11 tasks to go, one every 10 s
        Assert.Equal(0, rate.PerSecond(0, 1_030_000 + 400_000)); // the window has moved past them
    }

    [Fact]
    public async Task A_queued_task_reports_an_estimated_wait_in_both_apis()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        Uri? last = null;
        for (var i = 0; i < 6; i++)
            last = (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"))).Headers.Location;

        // Three routed in the window (0.01 per second), three waiting: the last waits for all three.
        var xml = XElement.Parse(await server.Client.GetStringAsync(last!.PathAndQuery));
        Assert.Equal(("queued", "300"), (xml.Element("status")!.Value, xml.Element("estimatedWaitTime")!.Value));
        var json = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{last.Segments.Last()}");
        Assert.Equal(300, json.GetProperty("estimatedWaitSeconds").GetInt32());
    }
}

public class OverloadTests
{
    [Fact]
    public async Task A_full_intake_buffer_refuses_new_work_at_once_instead_of_queueing_it()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-overload-").FullName;
        try
        {
            using var journal = new SqliteJournal(Path.Combine(directory, "journal.db"));
            // The loop is not started: the first request fills the buffer of one.
            var host = new EngineHost(new RoutingEngine(LabConfiguration.Create()), journal, TimeProvider.System, NullLogger<EngineHost>.Instance, capacity: 1);
            var first = host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
            await Assert.ThrowsAsync<OverloadedException>(() => host.ExecuteAsync(now => new SignIn(now, 1081, LabConfiguration.TaskMrd)));
            Assert.False(first.IsCompleted);
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }
}
