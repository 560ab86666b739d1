using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Taskroute.Server.Tests;

/// <summary>The agent API over real HTTP on loopback, signed in with HTTP Basic as Finesse clients are.</summary>
public class AgentApiTests
{
    private static HttpRequestMessage As(string user, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    private static async Task<HttpResponseMessage> Send(TestServer server, string user, HttpMethod method, string path, object? body = null)
    {
        using var request = As(user, method, path, body);
        return await server.Client.SendAsync(request);
    }

    private static async Task<Uri> SubmitTask(TestServer server) =>
        (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann</name><title>Refund</title><variables><variable><name>cv_1</name><value>gold</value></variable></variables></Task>", Encoding.UTF8, "application/xml"))).Headers.Location!;

    private static async Task ReadyIn5011(TestServer server, string user = "1080")
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(server, user, HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", maxDialogLimit = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, user, HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
    }

    private static async Task<JsonElement> DialogIn(TestServer server, int mrd) =>
        (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>())
            .EnumerateArray().Single(d => d.GetProperty("mrdId").GetInt32() == mrd);

    /// <summary>
    /// Agent 1080 takes a task in MRD 5011 (interruptible; it accepts interruptions) as far as
    /// <paramref name="taskStep"/>, then starts an email in MRD 5013 (not interruptible), which
    /// interrupts 5011. Answers both dialogs' ids.
    /// </summary>
    private static async Task<(string Task, string Email)> StartEmailOverTask(TestServer server, string taskStep)
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", interruptAction = "ACCEPT" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
        await SubmitTask(server);
        var task = (await DialogIn(server, 5011)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{task}", new { action = taskStep })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5013", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5013", new { state = "READY" })).StatusCode);
        await server.Client.PostAsync("/ccp/task/feed/100002", new StringContent("<Task><name>Bo</name><title>Invoice</title></Task>", Encoding.UTF8, "application/xml"));
        var email = (await DialogIn(server, 5013)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{email}", new { action = "START" })).StatusCode);
        return (task, email);
    }

    [Theory]
    [InlineData(19)] // RingNoAnswer
    [InlineData(36)] // AbandonedBeforeOffered
    [InlineData(37)] // AbandonedWhileOffered
    [InlineData(40)] // AgentLoggedOutDuringTask
    [InlineData(41)] // MaxTaskLifetimeExceeded
    [InlineData(49)] // InvalidScriptSelector
    public async Task A_desktop_cannot_close_a_started_dialog_with_a_disposition_only_the_system_sets(int disposition)
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        var contact = (await SubmitTask(server)).ToString().Split('/').Last();
        var dialog = (await DialogIn(server, 5011)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "START" })).StatusCode);

        var refused = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE", disposition });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var why = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("disposition")[0].GetString()!;
        Assert.Contains("set only by the router and the peripheral", why, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", (await DialogIn(server, 5011)).GetProperty("state").GetString());

        // The agent's own close still ends it, as handled.
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE", disposition = 38 })).StatusCode);
        var task = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{contact}");
        Assert.Equal(("handled", 38), (task.GetProperty("status").GetString(), task.GetProperty("disposition").GetInt32()));
    }

    [Fact]
    public async Task A_started_dialog_is_interrupted_while_the_agent_works_a_non_interruptible_task_and_takes_no_step_until_it_ends()
    {
        await using var server = await TestServer.StartAsync();
        var (task, email) = await StartEmailOverTask(server, "START");

        // The email interrupts the task: shown INTERRUPTED, and every step refused with CCE's reason.
        Assert.Equal("INTERRUPTED", (await DialogIn(server, 5011)).GetProperty("state").GetString());
        var refused = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{task}", new { action = "PAUSE" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("E_ARM_STAT_NOT_VALID_AFTER_INTERRUPT_ADVISORY_ACCEPT", 30), (problem.GetProperty("reason").GetString(), problem.GetProperty("code").GetInt32()));

        // The email ends: the task is ACTIVE again and takes its steps.
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{email}", new { action = "CLOSE" })).StatusCode);
        Assert.Equal("ACTIVE", (await DialogIn(server, 5011)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{task}", new { action = "PAUSE" })).StatusCode);
    }

    [Fact]
    public async Task A_dialog_accepted_before_an_interruption_starts_only_once_the_interruption_ends()
    {
        await using var server = await TestServer.StartAsync();
        var (task, email) = await StartEmailOverTask(server, "ACCEPT");

        // Started now, the task would be ACTIVE on the agent's stream and INTERRUPTED when read: refused.
        var refused = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{task}", new { action = "START" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("E_ARM_STAT_NOT_VALID_AFTER_INTERRUPT_ADVISORY_ACCEPT", 30), (problem.GetProperty("reason").GetString(), problem.GetProperty("code").GetInt32()));
        Assert.Equal("ACCEPTED", (await DialogIn(server, 5011)).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{email}", new { action = "CLOSE" })).StatusCode);
        var started = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{task}", new { action = "START" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("ACTIVE", (await DialogIn(server, 5011)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Ready_sent_with_routable_false_leaves_the_agent_ready_but_offered_nothing()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        // A task already waiting is not offered as the agent goes ready: not routable holds from that moment.
        await SubmitTask(server);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY", routable = false })).StatusCode);
        async Task<JsonElement> Media() => (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);
        var media = await Media();
        Assert.Equal(("NOT_ACTIVE", false), (media.GetProperty("state").GetString(), media.GetProperty("routable").GetBoolean()));
        await SubmitTask(server);
        Assert.Empty((await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());

        // Routable again, it takes the waiting tasks.
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { routable = true })).StatusCode);
        Assert.Equal(2, (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        // Going ready again (without a word on routable) makes the agent routable, as Finesse does.
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { routable = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
        Assert.True((await Media()).GetProperty("routable").GetBoolean());
    }

    [Fact]
    public async Task A_json_submit_naming_a_preferred_agent_is_offered_to_it_when_it_is_available()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var agent in new[] { "1080", "1081" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(server, agent, HttpMethod.Put, $"/api/v1/agents/{agent}/media/5011", new { state = "LOGIN" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Send(server, agent, HttpMethod.Put, $"/api/v1/agents/{agent}/media/5011", new { state = "READY" })).StatusCode);
        }
        // 1080 has waited longest, so the script alone would pick it.
        var submitted = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask", preferredAgentId = 1081 });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Single((await (await Send(server, "1081", HttpMethod.Get, "/api/v1/agents/1081/dialogs")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Empty((await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());

        // An agent that does not exist is said, not quietly dropped.
        var unknown = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "Bo", title = "Invoice", scriptSelector = "CumulusTask", preferredAgentId = 4242 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no agent has ICM agent id or login id 4242", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("preferredAgentId")[0].GetString());
    }

    [Fact]
    public async Task Not_ready_asked_while_working_a_task_shows_pending_and_takes_effect_when_the_task_ends()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        await SubmitTask(server);
        async Task<JsonElement> Media() => (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);
        var dialog = (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "START" })).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Media()).GetProperty("pendingState").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 4 })).StatusCode);
        var working = await Media();
        Assert.Equal(("ACTIVE", "NOT_READY", 4), (working.GetProperty("state").GetString(), working.GetProperty("pendingState").GetString(), working.GetProperty("pendingReasonCode").GetInt32()));
        // No new task is routed to an agent on its way to not ready.
        await SubmitTask(server);
        Assert.Single((await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE" })).StatusCode);
        var after = await Media();
        Assert.Equal(("NOT_READY", 4, JsonValueKind.Null), (after.GetProperty("state").GetString(), after.GetProperty("reasonCode").GetInt32(), after.GetProperty("pendingState").ValueKind));
    }

    [Fact]
    public async Task The_event_stream_says_a_not_ready_is_pending_and_then_that_it_took_effect()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        await SubmitTask(server);
        var dialog = (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>(ct))[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "START" })).StatusCode);
        using var request = As("1080", HttpMethod.Get, "/api/v1/agents/1080/events");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));

        // The media updates of MRD 5011 until one has the property; answers them all.
        var media = new List<JsonElement>();
        async Task<JsonElement> Until(Func<JsonElement, bool> found)
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException();
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var data = JsonDocument.Parse(line[6..]).RootElement;
                if (data.GetProperty("type").GetString() != "media" || data.GetProperty("mrdId").GetInt32() != 5011) continue;
                media.Add(data);
                if (found(data)) return data;
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 4 })).StatusCode);
        var pending = await Until(m => m.TryGetProperty("pendingState", out _));
        Assert.Equal(("NOT_READY", 4), (pending.GetProperty("pendingState").GetString(), pending.GetProperty("pendingReasonCode").GetInt32()));

        media.Clear();
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action = "CLOSE" })).StatusCode);
        var over = await Until(m => m.TryGetProperty("pendingState", out _));
        Assert.Equal(JsonValueKind.Null, over.GetProperty("pendingState").ValueKind);
        // The agent is not ready, with the reason it gave, before the pending state is said to be over.
        Assert.Contains(media, m => m.TryGetProperty("state", out var state) && state.GetString() == "NOT_READY" && m.GetProperty("reasonCode").GetInt32() == 4);
    }

    [Fact]
    public async Task An_agent_signs_in_goes_ready_and_works_a_task_to_the_end()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        var agent = await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<JsonElement>();
        var media = agent.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);
        Assert.Equal(("NOT_ACTIVE", 2, true), (media.GetProperty("state").GetString(), media.GetProperty("maxTaskLimit").GetInt32(), media.GetProperty("routable").GetBoolean()));
        // What it signed in with, under Finesse's names: a desktop that signs in again after losing its connection compares them.
        Assert.Equal((2, "ACCEPT", "CLOSE"), (media.GetProperty("maxDialogLimit").GetInt32(), media.GetProperty("interruptAction").GetString(), media.GetProperty("dialogLogoutAction").GetString()));
        var signedOut = agent.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5013);
        Assert.Equal(JsonValueKind.Null, signedOut.GetProperty("interruptAction").ValueKind);

        var again = await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", maxDialogLimit = 1, interruptAction = "IGNORE" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var contact = await SubmitTask(server);
        var dialogs = await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>();
        var dialog = dialogs.EnumerateArray().Single();
        Assert.Equal(("OFFERED", "Ann", "gold"), (dialog.GetProperty("state").GetString(), dialog.GetProperty("name").GetString(), dialog.GetProperty("callVariables").GetProperty("1").GetString()));
        var id = dialog.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9]+_[0-9]+_1$", id);

        foreach (var (action, state) in new[] { ("ACCEPT", "ACCEPTED"), ("START", "ACTIVE"), ("PAUSE", "PAUSED"), ("RESUME", "ACTIVE"), ("WRAP_UP", "WRAPPING_UP"), ("CLOSE", "CLOSED") })
        {
            var response = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(state, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
            // The dialog read on its own says the same, until it is closed and gone.
            var read = await Send(server, "1080", HttpMethod.Get, $"/api/v1/dialogs/{id}");
            if (state == "CLOSED") Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            else
            {
                var one = await read.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal((id, state), (one.GetProperty("id").GetString(), one.GetProperty("state").GetString()));
            }
        }
        var status = XElement.Parse(await server.Client.GetStringAsync(contact.PathAndQuery)).Element("status")!.Value;
        Assert.Equal("handled", status);
    }

    [Fact]
    public async Task An_offered_dialog_cannot_be_closed_so_an_agent_never_discards_a_task_it_did_not_take()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        var contact = await SubmitTask(server);
        var dialogs = await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>();
        var id = dialogs.EnumerateArray().Single().GetProperty("id").GetString()!;

        var close = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "CLOSE" });
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        var problem = await close.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("E_ARM_STAT_INVALID_MESSAGE_SEQUENCE", problem.GetProperty("reason").GetString());
        Assert.Contains("CLOSE is not valid for a dialog that is OFFERED", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("reserved", XElement.Parse(await server.Client.GetStringAsync(contact.PathAndQuery)).Element("status")!.Value);

        // Accepted, it may be closed: the customer left while it was offered.
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "ACCEPT" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "CLOSE" })).StatusCode);
    }

    [Fact]
    public async Task Without_credentials_or_with_a_wrong_password_the_answer_is_401()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/v1/agents/1080")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:nope")));
        var response = await server.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Another_agents_dialog_is_answered_to_an_agent_as_an_unknown_one_is_so_ids_do_not_tell_who_holds_a_task()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        await SubmitTask(server);
        var id = (await DialogIn(server, 5011)).GetProperty("id").GetString()!;
        var unknown = id.Split('_') is [var day, var call, _] ? $"{day}_{call}_9" : throw new FormatException(id);

        async Task<(HttpStatusCode, string, int, string?)> Answer(HttpMethod method, string dialog)
        {
            var response = await Send(server, "1081", method, $"/api/v1/dialogs/{dialog}", method == HttpMethod.Put ? new { action = "START" } : null);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, problem.GetProperty("reason").GetString()!, problem.GetProperty("code").GetInt32(), problem.GetProperty("detail").GetString()?.Replace(dialog, "{id}", StringComparison.Ordinal));
        }
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put })
        {
            var held = await Answer(method, id);
            Assert.Equal(HttpStatusCode.NotFound, held.Item1);
            Assert.Equal(await Answer(method, unknown), held);
        }
        // Its own agent and that agent's supervisor still read it.
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Get, $"/api/v1/dialogs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "sup1", HttpMethod.Get, $"/api/v1/dialogs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Agents_act_only_on_themselves_supervisors_change_states_but_neither_sign_in_nor_step_dialogs_and_admins_do_everything()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        await SubmitTask(server);
        var id = (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, "1081", HttpMethod.Get, "/api/v1/agents/1080")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, "1081", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(server, "1081", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "START" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "sup1", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "sup1", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 3 })).StatusCode);
        // As in Finesse, a supervisor does not sign an agent in: that sets the desktop's own limit and actions.
        var signIn = await Send(server, "sup1", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "login" });
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Contains("not sign it in", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("LOGOUT", (await (await Send(server, "sup1", HttpMethod.Get, "/api/v1/agents/1081")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, "sup1", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "START" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "admin", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "START" })).StatusCode);
    }

    [Fact]
    public async Task A_task_limit_is_taken_only_with_a_sign_in_so_a_supervisor_cannot_set_it()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        async Task<int> Limit() => (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011).GetProperty("maxTaskLimit").GetInt32();

        foreach (var (user, change) in new (string, object)[] { ("sup1", new { maxDialogLimit = 1 }), ("sup1", new { state = "NOT_READY", maxDialogLimit = 1 }), ("1080", new { maxDialogLimit = 1 }), ("1080", new { state = "READY", maxDialogLimit = 1 }) })
        {
            var refused = await Send(server, user, HttpMethod.Put, "/api/v1/agents/1080/media/5011", change);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("only with state LOGIN", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("maxDialogLimit")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal(2, await Limit());
        }
        // The desktop's own sign-in sets it (signed in already: Finesse's recovery, answered 409, and the limit reset).
        Assert.Equal(HttpStatusCode.Conflict, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", maxDialogLimit = 1 })).StatusCode);
        Assert.Equal(1, await Limit());
    }

    [Fact]
    public async Task A_media_change_refused_in_part_changes_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        var refused = await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 7, maxDialogLimit = 99 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var agent = await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<JsonElement>();
        var media = agent.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);
        Assert.Equal(("NOT_ACTIVE", 2), (media.GetProperty("state").GetString(), media.GetProperty("maxTaskLimit").GetInt32()));
    }

    [Fact]
    public async Task A_field_a_media_change_or_dialog_step_does_not_have_is_400_naming_it_and_changes_nothing()
    {
        await using var server = await TestServer.StartAsync();
        async Task<string> Refused(string path, string body)
        {
            using var request = As("1082", HttpMethod.Put, path);
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString()!;
        }
        async Task<JsonElement> Media() => (await (await Send(server, "1082", HttpMethod.Get, "/api/v1/agents/1082")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);

        // Passed over, these signed in with the MRD's limit 3 and CLOSE, and answered 200.
        Assert.Equal("$.maxDialogLimt is not a field of this request (see /openapi/v1.json for the fields)",
            await Refused("/api/v1/agents/1082/media/5011", """{"state":"LOGIN","maxDialogLimt":1,"dialogLogoutActon":"TRANSFER"}"""));
        Assert.Equal("LOGOUT", (await Media()).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(server, "1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "READY" })).StatusCode);
        // "reason" for "reasonCode": passed over, the agent went not ready with reason 0.
        Assert.Equal("$.reason is not a field of this request (see /openapi/v1.json for the fields)",
            await Refused("/api/v1/agents/1082/media/5011", """{"state":"NOT_READY","reason":7}"""));
        Assert.Equal("NOT_ACTIVE", (await Media()).GetProperty("state").GetString());

        Assert.Equal("$.disposal is not a field of this request (see /openapi/v1.json for the fields)",
            await Refused("/api/v1/dialogs/1_2_3", """{"action":"CLOSE","disposal":38}"""));
    }

    [Theory]
    [InlineData("/api/v1/agents/1080/media/5011", "garbage")]
    [InlineData("/api/v1/agents/1080/media/5011", """{"state":""")]
    [InlineData("/api/v1/agents/1080/media/5011", """{"reasonCode":"x"}""")]
    [InlineData("/api/v1/dialogs/1_2_3", "garbage")]
    [InlineData("/api/v1/dialogs/1_2_3", """{"action":1}""")]
    public async Task A_body_that_is_not_the_json_asked_for_is_400_saying_what_is_wrong(string path, string body)
    {
        await using var server = await TestServer.StartAsync();
        using var request = As("1080", HttpMethod.Put, path);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("body")[0].GetString()!;
        Assert.NotEmpty(message);
        Assert.DoesNotContain("System.", message);
    }

    [Fact]
    public async Task Refused_actions_carry_cces_reason_with_a_4xx()
    {
        await using var server = await TestServer.StartAsync();
        var notLoggedIn = await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        Assert.Equal(HttpStatusCode.Conflict, notLoggedIn.StatusCode);
        Assert.Equal("E_ARM_STAT_AGENT_NOT_LOGGED_IN", (await notLoggedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        await ReadyIn5011(server);
        await SubmitTask(server);
        var id = (await (await Send(server, "1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();
        var sequence = await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "PAUSE" });
        Assert.Equal(HttpStatusCode.Conflict, sequence.StatusCode);
        Assert.Equal("E_ARM_STAT_INVALID_MESSAGE_SEQUENCE", (await sequence.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        var noDialog = await Send(server, "1080", HttpMethod.Put, "/api/v1/dialogs/1_2_3", new { action = "START" });
        Assert.Equal(HttpStatusCode.NotFound, noDialog.StatusCode);
        Assert.Equal("E_ARM_STAT_TASK_OBJECT_NOT_FOUND", (await noDialog.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "SLEEPING" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{id}", new { action = "FLY" })).StatusCode);
        // A bad argument the engine refuses is named like any other invalid field.
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { maxDialogLimit = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 70000 })).StatusCode);
        var limit = await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", maxDialogLimit = 99 });
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("(got 99)", (await limit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("maxDialogLimit")[0].GetString());
        var noAgent = await Send(server, "admin", HttpMethod.Get, "/api/v1/agents/4242");
        Assert.Equal(HttpStatusCode.NotFound, noAgent.StatusCode);
        Assert.Equal("E_ARM_STAT_AGENT_NOT_FOUND", (await noAgent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(server, "1080", HttpMethod.Put, "/api/v1/agents/1080/media/9999", new { state = "LOGIN" })).StatusCode);
    }

    [Fact]
    public async Task The_event_stream_delivers_an_offered_task_as_it_happens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        using var request = As("1080", HttpMethod.Get, "/api/v1/agents/1080/events");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));

        await SubmitTask(server);
        string? line;
        var data = new List<string>();
        while ((line = await reader.ReadLineAsync(ct)) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
            if (data.Any(d => d.Contains("\"OFFERED\"", StringComparison.Ordinal))) break;
        }
        var offered = JsonDocument.Parse(data.Last()).RootElement;
        Assert.Equal(("dialog", "Ann"), (offered.GetProperty("type").GetString(), offered.GetProperty("name").GetString()));
        Assert.Contains(data, d => d.Contains("\"RESERVED\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_event_stream_follows_a_dialog_from_offered_to_closed_with_each_update_named_for_its_kind()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var server = await TestServer.StartAsync();
        await ReadyIn5011(server);
        using var request = As("1080", HttpMethod.Get, "/api/v1/agents/1080/events");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));
        Assert.Equal("data: {\"type\":\"hello\",\"loginId\":1080}", await reader.ReadLineAsync(ct));
        var updates = new List<(string Event, JsonElement Data)>();
        var seen = new List<string>();

        // Reads updates until one of the type is in the state; answers it.
        async Task<(string Event, JsonElement Data)> Until(string type, string state)
        {
            string? name = null;
            while (true)
            {
                if (updates.FindIndex(u => u.Data.GetProperty("type").GetString() == type && u.Data.TryGetProperty("state", out var s) && s.GetString() == state) is var found and >= 0)
                {
                    var update = updates[found];
                    seen.AddRange(updates.Take(found + 1).Select(u => $"{u.Event} {u.Data.GetProperty("state").GetString()}"));
                    updates.RemoveRange(0, found + 1);
                    return update;
                }
                var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException();
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                if (line.StartsWith("data: ", StringComparison.Ordinal)) updates.Add((name!, JsonDocument.Parse(line[6..]).RootElement));
            }
        }

        var contact = (await SubmitTask(server)).ToString().Split('/').Last();
        var offered = await Until("dialog", "OFFERED");
        Assert.Equal("dialog", offered.Event);
        Assert.Equal(("Ann", "Refund", 5011), (offered.Data.GetProperty("name").GetString(), offered.Data.GetProperty("title").GetString(), offered.Data.GetProperty("mrdId").GetInt32()));
        Assert.Equal(Guid.Parse(contact), offered.Data.GetProperty("contactId").GetGuid());
        var dialog = offered.Data.GetProperty("dialogId").GetString()!;
        Assert.Equal(dialog.Replace('_', ':'), offered.Data.GetProperty("taskId").GetString());

        foreach (var (action, state) in new[] { ("ACCEPT", "ACCEPTED"), ("START", "ACTIVE"), ("CLOSE", "CLOSED") })
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(server, "1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action })).StatusCode);
            var update = await Until("dialog", state);
            Assert.Equal(("dialog", dialog), (update.Event, update.Data.GetProperty("dialogId").GetString()));
            // How it ended, by CCE's code and by name.
            if (state == "CLOSED") Assert.Equal((38, "NormalEndTask"), (update.Data.GetProperty("disposition").GetInt32(), update.Data.GetProperty("dispositionName").GetString()));
        }
        // The agent's own state changes come between, as media updates, each once.
        Assert.Equal(["media RESERVED", "dialog OFFERED", "dialog ACCEPTED", "media ACTIVE", "dialog ACTIVE", "media NOT_ACTIVE", "dialog CLOSED"], seen);
        // The task itself says the same.
        var task = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{contact}", ct);
        Assert.Equal((38, "NormalEndTask"), (task.GetProperty("disposition").GetInt32(), task.GetProperty("dispositionName").GetString()));
    }
}
