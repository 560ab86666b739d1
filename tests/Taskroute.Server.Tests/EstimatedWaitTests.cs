using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Taskroute.Core.Commands;
using Taskroute.Core.Engine;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Tests;

public class EstimatedWaitTests
{
    private static async Task StartAll(TestServer server, int login)
    {
        foreach (var dialog in await server.Host.QueryAsync((engine, _) => engine.Dialogs(login).Select(d => d.TaskId).ToList()))
            Assert.True((await server.Host.ExecuteAsync(now => new ActOnDialog(now, login, dialog, DialogAction.Start))).Succeeded);
    }

    // The chat feed's script sends a task with call variable 1 "es" to the Spanish precision queue, any other to Chat_Sales.
    private const string Spanish = "<variables><variable><name>cv_1</name><value>es</value></variable></variables>";

    private static async Task<Uri> SubmitChat(TestServer server, string variables) => (await server.Client.PostAsync($"/ccp/task/feed/{LabConfiguration.ChatFeed}",
        new StringContent($"<Task><name>n</name><title>t</title>{variables}</Task>", Encoding.UTF8, "application/xml"))).Headers.Location!;

    // The agent, ready in the chat MRD, takes and starts five tasks (its limit there) submitted with these variables.
    private static async Task FiveStartedInChat(TestServer server, int login, string variables)
    {
        await server.Host.ExecuteAsync(now => new SignIn(now, login, LabConfiguration.ChatMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, login, LabConfiguration.ChatMrd));
        for (var i = 0; i < 5; i++) await SubmitChat(server, variables);
        await StartAll(server, login);
    }

    [Fact]
    public async Task A_reservation_that_rings_out_serves_nobody_and_leaves_the_estimate_unknown()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        for (var i = 0; i < 3; i++) await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        var waiting = (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"))).Headers.Location!;
        // Reserved, never started: no task was served, whatever the agent holds.
        Assert.Equal("-1", XElement.Parse(await server.Client.GetStringAsync(waiting.PathAndQuery)).Element("estimatedWaitTime")!.Value);
    }

    [Fact]
    public async Task A_queued_task_reports_an_estimated_wait_in_both_apis()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        Uri? last = null;
        for (var i = 0; i < 6; i++)
        {
            last = (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"))).Headers.Location;
            if (i == 2) await StartAll(server, 1080);
        }

        // Three started in the window (0.01 per second), three waiting: the last waits for all three.
        var xml = XElement.Parse(await server.Client.GetStringAsync(last!.PathAndQuery));
        Assert.Equal(("queued", "300"), (xml.Element("status")!.Value, xml.Element("estimatedWaitTime")!.Value));
        var json = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{last.Segments.Last()}");
        Assert.Equal(300, json.GetProperty("estimatedWaitSeconds").GetInt32());
    }

    [Fact]
    public async Task Each_queue_is_estimated_by_its_own_service_rate_and_a_queue_nobody_served_gives_none()
    {
        await using var server = await TestServer.StartAsync();
        // Agent 1082 works the chat MRD in Chat_Sales only; nobody signed in speaks Spanish.
        await FiveStartedInChat(server, 1082, "");

        // Chat_Sales started five tasks in the window (one a minute): the one waiting there is next.
        var sales = await SubmitChat(server, "");
        Assert.Equal("60", XElement.Parse(await server.Client.GetStringAsync(sales.PathAndQuery)).Element("estimatedWaitTime")!.Value);

        // The Spanish precision queue in the same MRD has served nobody: its wait is unknown, not the MRD's.
        var spanish = await SubmitChat(server, Spanish);
        var xml = XElement.Parse(await server.Client.GetStringAsync(spanish.PathAndQuery));
        Assert.Equal(("queued", "-1"), (xml.Element("status")!.Value, xml.Element("estimatedWaitTime")!.Value));
        var json = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{spanish.Segments.Last()}");
        Assert.Equal(JsonValueKind.Null, json.GetProperty("estimatedWaitSeconds").ValueKind);

        // The list answers the same estimates as each task's own resource.
        var queued = (await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=queued")).GetProperty("items").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetGuid(), t => t.GetProperty("estimatedWaitSeconds").ToString());
        Assert.Equal(("60", ""), (queued[Guid.Parse(sales.Segments.Last())], queued[Guid.Parse(spanish.Segments.Last())]));
    }

    [Fact]
    public async Task A_precision_queue_is_estimated_by_the_tasks_it_served()
    {
        await using var server = await TestServer.StartAsync();
        // Agent 1087 speaks Spanish at billing level 8 (the Spanish queue's first step) and is not in Chat_Sales.
        await FiveStartedInChat(server, 1087, Spanish);

        async Task<string?> Estimate(Uri location) => XElement.Parse(await server.Client.GetStringAsync(location.PathAndQuery)).Element("estimatedWaitTime")?.Value;
        Assert.Equal("60", await Estimate(await SubmitChat(server, Spanish)));
        Assert.Equal("-1", await Estimate(await SubmitChat(server, "")));
    }

    [Fact]
    public async Task Each_waiting_task_is_estimated_by_the_queue_ahead_of_it_once_and_keeps_that_estimate()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        var locations = new List<Uri>();
        for (var i = 0; i < 6; i++)
        {
            locations.Add((await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"))).Headers.Location!);
            if (i == 2) await StartAll(server, 1080);
        }
        async Task<string?> Estimate(Uri location) => XElement.Parse(await server.Client.GetStringAsync(location.PathAndQuery)).Element("estimatedWaitTime")?.Value;

        // Three started (one every 100 s over the window), three waiting: the first of them waits for
        // one task's turn, the next for two, the last for three, not all three for the whole queue.
        Assert.Equal(("100", "200", "300"), (await Estimate(locations[3]), await Estimate(locations[4]), await Estimate(locations[5])));

        // The queue ahead of the last one shrinks when the first waiting task is cancelled; CCE
        // answers the estimate it made at queueing on every poll, and so does Taskroute.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.DeleteAsync(locations[3].PathAndQuery)).StatusCode);
        Assert.Equal("300", await Estimate(locations[5]));
        Assert.Equal("300", await Estimate(locations[5]));
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
