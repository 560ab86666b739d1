using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Taskroute.Core.Commands;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>
/// Submits beyond capacity: a full queue answers 429 and a full intake 503, both with Retry-After,
/// never a silent drop; once the load drops, every accepted task is routed and handled.
/// </summary>
public class SubmitOverloadTests
{
    private const int QueueLimit = 150;

    private static RoutingConfiguration WithQueueLimit() => LabVariant.With(mrd: m => m.Id != LabConfiguration.TaskMrd ? m : new MediaRoutingDomain
    {
        Id = m.Id, Name = m.Name, MaxTasksPerAgent = m.MaxTasksPerAgent, Interruptible = m.Interruptible, TaskStartTimeoutSeconds = 3600,
        TaskLifeSeconds = 3600, MaxTasksInQueue = QueueLimit,
    });

    [Fact]
    public async Task Submits_beyond_capacity_get_429_or_503_with_retry_after_and_every_accepted_task_is_routed_once_the_load_drops()
    {
        await using var server = await TestServer.StartAsync(configuration: WithQueueLimit(), configure: o => { o.IntakeCapacity = 4; o.ComponentLogs = false; });
        var accepted = new ConcurrentBag<Guid>();
        var refused = new ConcurrentDictionary<HttpStatusCode, int>();
        var unexpected = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                using var response = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = $"n{c}-{i}", title = "t", scriptSelector = "CumulusTask" });
                if (response.StatusCode == HttpStatusCode.Created) accepted.Add(Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]));
                else if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                    refused.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                else unexpected.Add($"{(int)response.StatusCode} retry-after={response.Headers.RetryAfter}");
            }
        })));

        Assert.Empty(unexpected);
        Assert.True(refused.GetValueOrDefault(HttpStatusCode.TooManyRequests) > 0, "a full queue turns submits away with 429");
        Assert.Equal(32 * 40, accepted.Count + refused.Values.Sum());
        // Admission is decided on the loop against the queue as it is: exactly the limit gets in.
        Assert.Equal(QueueLimit, accepted.Count);
        Assert.Equal(accepted.Count, await server.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.TaskMrd)));

        // The load is gone: agents come and work every accepted task to the end.
        for (var agent = 1080; agent <= 1089; agent++)
        {
            var login = agent;
            Assert.True((await server.Host.ExecuteAsync(now => new SignIn(now, login, LabConfiguration.TaskMrd))).Succeeded);
            Assert.True((await server.Host.ExecuteAsync(now => new SetReady(now, login, LabConfiguration.TaskMrd))).Succeeded);
        }
        for (var pass = 0; pass < 1000 && await server.Host.QueryAsync((engine, _) => engine.Contacts.Any(c => c.Status != ContactStatus.Handled)); pass++)
        {
            for (var agent = 1080; agent <= 1089; agent++)
            {
                var login = agent;
                var dialogs = await server.Host.QueryAsync((engine, _) => engine.Dialogs(login).Select(d => d.TaskId).ToList());
                foreach (var dialog in dialogs)
                {
                    Assert.True((await server.Host.ExecuteAsync(now => new ActOnDialog(now, login, dialog, DialogAction.Start))).Succeeded);
                    Assert.True((await server.Host.ExecuteAsync(now => new ActOnDialog(now, login, dialog, DialogAction.Close))).Succeeded);
                }
            }
        }
        var statuses = await server.Host.QueryAsync((engine, _) => accepted.Select(id => engine.FindContact(id)?.Status).ToList());
        Assert.All(statuses, s => Assert.Equal(ContactStatus.Handled, s));
    }

    [Fact]
    public async Task Tasks_still_in_their_script_on_the_way_to_a_full_queue_count_so_no_task_given_a_201_is_dropped_for_it()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        // Room for two in the queue, and every task waits two seconds in its script before it queues.
        var configuration = LabVariant.With(
            mrd: m => m.Id != LabConfiguration.TaskMrd ? m : LabVariant.Changed(m, maxTasksInQueue: 2),
            selector: s => s.Name != LabConfiguration.TaskSelector ? s : new ScriptSelector
            {
                Name = s.Name, MrdId = s.MrdId,
                Script = [new Core.Scripts.WaitNode { Seconds = 2 }, new Core.Scripts.QueueNode { SkillGroups = [LabConfiguration.TaskSkillGroup] }],
            });
        await using var server = await TestServer.StartAsync(configuration: configuration, time: time, configure: o => o.ComponentLogs = false);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = $"n{i}", title = "t" });
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);

        time.Advance(TimeSpan.FromSeconds(3));
        var statuses = await server.Host.QueryAsync((engine, _) => engine.Contacts.Select(c => c.Status).ToList());
        Assert.Equal([ContactStatus.Queued, ContactStatus.Queued], statuses);
    }

    [Fact]
    public async Task A_transfer_into_a_full_queue_is_refused_with_429_and_the_task_stays_with_its_agent_until_there_is_room()
    {
        var configuration = LabVariant.With(mrd: m => m.Id != LabConfiguration.ChatMrd ? m : LabVariant.Changed(m, maxTasksInQueue: 2));
        await using var server = await TestServer.StartAsync(configuration: configuration, configure: o => o.ComponentLogs = false);
        var chats = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var chat = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { feedId = LabConfiguration.ChatFeed, name = $"chat{i}", title = "t" });
            Assert.Equal(HttpStatusCode.Created, chat.StatusCode);
            chats.Add(chat.Headers.Location!.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
        using (var task = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = "t" }))
            Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        var dialogs = await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var dialog = dialogs.EnumerateArray().Single().GetProperty("id").GetString()!;
        // Offered, it cannot be transferred whatever the queue: that is said, not a retry later.
        Assert.Equal(HttpStatusCode.Conflict, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "TRANSFER", scriptSelector = LabConfiguration.ChatSelector })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "START" })).StatusCode);

        using var refused = await server.SendAs("1080", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "TRANSFER", scriptSelector = LabConfiguration.ChatSelector });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains("max tasks in queue", problem.GetProperty("detail").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
        var kept = await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/dialogs/" + dialog)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("ACTIVE", kept.GetProperty("state").GetString());

        // One chat leaves the queue: the same transfer goes through, and the task waits in the chat queue.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(chats[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "TRANSFER", scriptSelector = LabConfiguration.ChatSelector })).StatusCode);
        Assert.Equal(2, await server.Host.QueryAsync((engine, _) => engine.QueuedTasks(LabConfiguration.ChatMrd)));
    }

    [Fact]
    public async Task A_retried_submit_under_its_idempotency_key_gets_its_first_task_even_once_the_queue_has_filled()
    {
        var configuration = LabVariant.With(mrd: m => m.Id != LabConfiguration.TaskMrd ? m : LabVariant.Changed(m, maxTasksInQueue: 1));
        await using var server = await TestServer.StartAsync(configuration: configuration, configure: o => o.ComponentLogs = false);
        async Task<HttpResponseMessage> Json(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = JsonContent.Create(new { name = "Ann", title = "t" }) };
            request.Headers.Add("Idempotency-Key", key);
            return await server.Client.SendAsync(request);
        }
        async Task<HttpResponseMessage> Ccp(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000")
            {
                Content = new StringContent("<Task><name>Ann</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await server.Client.SendAsync(request);
        }
        using var first = await Json("retry-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // The queue is now full: a new task is turned away, but the retry of the one made is not.
        using var another = await Json("another");
        Assert.Equal(HttpStatusCode.TooManyRequests, another.StatusCode);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", (await another.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("type").GetString());
        using var retry = await Json("retry-1");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());

        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(first.Headers.Location)).StatusCode);
        using var ccpFirst = await Ccp("retry-2");
        Assert.Equal(HttpStatusCode.Created, ccpFirst.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Ccp("another")).StatusCode);
        using var ccpRetry = await Ccp("retry-2");
        Assert.Equal(HttpStatusCode.Created, ccpRetry.StatusCode);
        Assert.Equal(ccpFirst.Headers.Location, ccpRetry.Headers.Location);
    }
}
