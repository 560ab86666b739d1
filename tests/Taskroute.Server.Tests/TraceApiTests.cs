using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Taskroute.Server.Tests;

/// <summary>The seed's task worked through the HTTP APIs at the seed's times, then traced by every id it has.</summary>
public class TraceApiTests
{
    // 30 January 2024 08:54:27.874 at -05:00: agent 1080 signs in, as in the TechNote.
    private static readonly DateTimeOffset SeedStart = new(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5));

    private static readonly string[] SeedOrder =
    [
        "NEW_TASK", "NEW_CALL", "DEVICE_TARGET_PRE_CALL_IND", "CONNECT", "DO_THIS_WITH_TASK", "OFFER_TASK_IND", "OFFER_TASK_EVENT",
        "START_TASK_IND", "START_TASK_EVENT", "END_TASK_IND", "END_TASK_EVENT",
    ];

    private static Task<HttpResponseMessage> Send(TestServer server, string? user, HttpMethod method, string path, object? body = null) =>
        server.SendAs(user, method, path, body);

    /// <summary>Runs the TechNote's task; returns its SocialContact id.</summary>
    internal static async Task<Guid> RunSeedTask(TestServer server, FakeTimeProvider time)
    {
        void At(int h, int m, int s, int ms) => time.SetUtcNow(new DateTimeOffset(2024, 1, 30, h, m, s, ms, TimeSpan.FromHours(-5)));
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        At(8, 54, 34, 531);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
        At(8, 55, 49, 233);
        var created = await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name>Cumulus customer</name><title>Task from the TechNote</title><scriptSelector>CumulusTask</scriptSelector></Task>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var contact = Guid.Parse(created.Headers.Location!.Segments[^1]);
        foreach (var (action, when) in new[] { ("ACCEPT", (8, 55, 58, 923)), ("START", (8, 56, 53, 745)), ("CLOSE", (8, 58, 10, 536)) })
        {
            At(when.Item1, when.Item2, when.Item3, when.Item4);
            Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/dialogs/154526_37051928_1", new { action })).StatusCode);
        }
        return contact;
    }

    private static async Task<(TestServer, FakeTimeProvider)> Start()
    {
        var time = new FakeTimeProvider(SeedStart);
        return (await TestServer.StartAsync(time: time), time);
    }

    [Fact]
    public async Task An_agents_list_cut_at_its_limit_says_it_has_more()
    {
        var (server, time) = await Start();
        await using var _ = server;
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "n" + i, title = "t", scriptSelector = "CumulusTask" })).StatusCode);
            var dialog = (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();
            foreach (var action in new[] { "START", "CLOSE" })
            {
                time.Advance(TimeSpan.FromSeconds(1));
                Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action })).StatusCode);
            }
        }
        var window = $"from={SeedStart.ToUnixTimeMilliseconds()}&to={time.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds()}";
        foreach (var (limit, count, hasMore) in new[] { (2, 2, true), (3, 3, false) })
        {
            var list = await (await Send(server, "sup1", HttpMethod.Get, $"/api/v1/traces?agent=1080&{window}&limit={limit}")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((count, hasMore), (list.GetProperty("tasks").GetArrayLength(), list.GetProperty("hasMore").GetBoolean()));
        }
    }

    [Fact]
    public async Task The_seeds_task_is_traced_under_every_id_form_in_the_seeds_order_with_timings_that_add_up()
    {
        var (server, time) = await Start();
        await using var _ = server;
        var contact = await RunSeedTask(server, time);

        string[] ids = [contact.ToString("D"), contact.ToString("N"), "1", "154526:37051928:1", "154526/37051928/1", "154526_37051928_1"];
        var paths = ids.Select(id => "/api/v1/traces/" + Uri.EscapeDataString(id)).Append("/api/v1/traces/154526/37051928/1");
        foreach (var path in paths)
        {
            var response = await Send(server, "sup1", HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var trace = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(contact, trace.GetProperty("contactId").GetGuid());
            Assert.Equal(("154526:37051928:1", "154526_37051928_1", "(154526,37051928)"),
                (trace.GetProperty("taskId").GetString(), trace.GetProperty("dialogId").GetString(), trace.GetProperty("routerCallKey").GetString()));
            Assert.Equal((5172, 1080, 5199, 5011, "handled", 38),
                (trace.GetProperty("agentId").GetInt32(), trace.GetProperty("loginId").GetInt32(), trace.GetProperty("skillGroupId").GetInt32(),
                 trace.GetProperty("mrdId").GetInt32(), trace.GetProperty("status").GetString(), trace.GetProperty("disposition").GetInt32()));

            var messages = trace.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
            Assert.Equal(SeedOrder, messages.Where(SeedOrder.Contains).Distinct());
            var times = trace.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("time").GetInt64()).ToList();
            Assert.Equal(times.Order(), times);
            Assert.Equal(SeedStart.AddMilliseconds(81_359).ToUnixTimeMilliseconds(), times[0]);

            var t = trace.GetProperty("timings");
            long Ms(string name) => t.GetProperty(name).GetInt64();
            Assert.Equal((0, 0, 9_690, 54_822, 76_791), (Ms("delayMs"), Ms("queueMs"), Ms("networkMs"), Ms("offerMs"), Ms("handleMs")));
            Assert.Equal(Ms("delayMs") + Ms("queueMs") + Ms("networkMs") + Ms("offerMs"), Ms("answerWaitMs"));
            Assert.All(trace.GetProperty("steps").EnumerateArray(), s => Assert.True(s.GetProperty("found").GetBoolean()));
            Assert.Empty(trace.GetProperty("flags").EnumerateArray());
            Assert.Equal("LongestAvailableAgent", trace.GetProperty("decisions")[0].GetProperty("rule").GetString());
            Assert.Equal(["RESERVED", "ACTIVE", "NOT_ACTIVE"], trace.GetProperty("agentStates").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
            Assert.Equal(["unread", "queued", "reserved", "handled"], trace.GetProperty("statusChanges").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        }
    }

    [Fact]
    public async Task A_lost_trace_index_is_rebuilt_from_the_journal_on_the_next_start()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-trace-").FullName;
        try
        {
            var time = new FakeTimeProvider(SeedStart);
            Guid contact;
            await using (var first = await TestServer.StartAsync(directory, time: time)) contact = await RunSeedTask(first, time);
            foreach (var file in Directory.GetFiles(directory, "trace-index.db*")) File.Delete(file);

            await using var second = await TestServer.StartAsync(directory, time: time);
            var response = await Send(second, "admin", HttpMethod.Get, "/api/v1/traces/" + contact);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("handled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        finally
        {
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task An_agents_tasks_are_listed_within_a_time_window_by_login_id_or_icm_agent_id()
    {
        var (server, time) = await Start();
        await using var _ = server;
        await RunSeedTask(server, time);

        foreach (var path in new[]
        {
            "/api/v1/traces?agent=1080&from=2024-01-30T08:55:00-05:00&to=2024-01-30T09:00:00-05:00",
            "/api/v1/traces/5172?from=2024-01-30T13:55:00Z",
            "/api/v1/traces/agent:1080",
        })
        {
            var response = await Send(server, "admin", HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var list = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(5172, list.GetProperty("agentId").GetInt32());
            var item = Assert.Single(list.GetProperty("tasks").EnumerateArray());
            Assert.Equal(("154526:37051928:1", "handled"), (item.GetProperty("taskId").GetString(), item.GetProperty("status").GetString()));
        }
        var empty = await (await Send(server, "admin", HttpMethod.Get, "/api/v1/traces?agent=1080&from=2024-01-30T09:00:00-05:00&to=2024-01-30T10:00:00-05:00")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(empty.GetProperty("tasks").EnumerateArray());
    }

    [Fact]
    public async Task Traces_are_for_supervisors_and_administrators_and_bad_ids_get_clear_errors()
    {
        var (server, time) = await Start();
        await using var _ = server;
        await RunSeedTask(server, time);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(server, null, HttpMethod.Get, "/api/v1/traces/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, "1080", HttpMethod.Get, "/api/v1/traces/1")).StatusCode);

        foreach (var (path, status, says) in new[]
        {
            ("/api/v1/traces/not-an-id", HttpStatusCode.BadRequest, "SocialContact id"),
            ("/api/v1/traces/" + Guid.NewGuid(), HttpStatusCode.NotFound, "no task with SocialContact id"),
            ("/api/v1/traces/154526:1:1", HttpStatusCode.NotFound, "no task with task id"),
            ("/api/v1/traces/99999", HttpStatusCode.NotFound, "no task with DialogueID 99999"),
            ("/api/v1/traces/1080?from=yesterday", HttpStatusCode.BadRequest, "from: 'yesterday'"),
            ("/api/v1/traces/9999?from=1706622000000", HttpStatusCode.NotFound, "no agent"),
            ("/api/v1/traces/1080?limit=0", HttpStatusCode.BadRequest, "limit"),
            ("/api/v1/traces", HttpStatusCode.BadRequest, "agent"),
        })
        {
            var response = await Send(server, "sup1", HttpMethod.Get, path);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_task_interrupted_by_an_email_shows_the_interruption_in_its_trace()
    {
        var (server, time) = await Start();
        await using var _ = server;
        foreach (var mrd in new[] { 5011, 5013 })
            foreach (var state in new[] { "LOGIN", "READY" })
                Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/agents/1080/media/{mrd}", new { state })).StatusCode);
        async Task<(string Contact, string Dialog)> Work(string selector)
        {
            var created = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = selector, scriptSelector = selector }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var contact = created.Headers.Location!.ToString().Split('/')[^1];
            var task = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks/" + contact, TestContext.Current.CancellationToken);
            var dialog = task.GetProperty("taskId").GetString()!.Replace(':', '_');
            foreach (var action in new[] { "ACCEPT", "START" })
                Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action })).StatusCode);
            return (contact, dialog);
        }

        var (chat, chatDialog) = await Work("CumulusTask");
        time.Advance(TimeSpan.FromSeconds(3));
        var (_, emailDialog) = await Work("CumulusEmail");
        // While the email is worked the chat stands still: its steps are refused.
        Assert.Equal(HttpStatusCode.Conflict, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{chatDialog}", new { action = "CLOSE" })).StatusCode);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{emailDialog}", new { action = "CLOSE" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{chatDialog}", new { action = "CLOSE" })).StatusCode);

        var trace = await (await Send(server, "sup1", HttpMethod.Get, "/api/v1/traces/" + chat)).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var flag = Assert.Single(trace.GetProperty("flags").EnumerateArray());
        Assert.Equal("interrupted", flag.GetProperty("kind").GetString());
        Assert.Equal($"agent 5172's MRD was interrupted (task {emailDialog.Replace('_', ':')} of non-interruptible MRD 5013 started); it resumed 30 s later", flag.GetProperty("detail").GetString());
        Assert.Contains("INTERRUPTED", trace.GetProperty("agentStates").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.Contains("AGENT_INTERRUPT_DONE_ADVISORY_EVENT", trace.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }
}
