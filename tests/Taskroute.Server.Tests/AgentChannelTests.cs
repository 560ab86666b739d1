using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Taskroute.Server.Tests;

/// <summary>The agent channel: one WebSocket per desktop carrying the agent's updates and its requests, over real loopback.</summary>
public class AgentChannelTests
{
    private static CancellationToken Timeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return timeout.Token;
    }

    private static async Task<string> SubmitTask(TestServer server) =>
        (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann</name><title>Refund</title></Task>", Encoding.UTF8, "application/xml"))).Headers.Location!.PathAndQuery;

    private static async Task SignInReady(AgentChannelClient channel)
    {
        var login = await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN", ["maxDialogLimit"] = 2 });
        Assert.Equal(200, (await channel.ReplyAsync(login)).GetProperty("status").GetInt32());
        var ready = await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "READY" });
        Assert.Equal(200, (await channel.ReplyAsync(ready)).GetProperty("status").GetInt32());
    }

    // Signs the channel's agent in and ready, submits a task and answers the dialog id it is offered.
    private static async Task<string> ReadyWithAnOffer(TestServer server, AgentChannelClient channel)
    {
        await SignInReady(channel);
        await SubmitTask(server);
        return (await channel.DialogUpdateAsync("OFFERED")).GetProperty("dialogId").GetString()!;
    }

    [Fact]
    public async Task An_agent_signs_in_goes_ready_and_works_a_task_to_the_end_over_its_channel()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        var hello = (await channel.ReceiveAsync())!.Value;
        Assert.Equal(("hello", 1080), (hello.GetProperty("type").GetString(), hello.GetProperty("loginId").GetInt32()));
        await SignInReady(channel);
        // READY's reply comes before the update it caused.
        Assert.Equal(5011, (await channel.MediaUpdateAsync("NOT_ACTIVE")).GetProperty("mrdId").GetInt32());

        var contact = await SubmitTask(server);
        var offered = await channel.DialogUpdateAsync("OFFERED");
        Assert.Equal(("Ann", "Refund", 5011), (offered.GetProperty("name").GetString(), offered.GetProperty("title").GetString(), offered.GetProperty("mrdId").GetInt32()));
        Assert.Equal(Guid.Parse(contact.Split('/').Last()), offered.GetProperty("contactId").GetGuid());
        var dialog = offered.GetProperty("dialogId").GetString()!;

        foreach (var (action, state) in new[] { ("ACCEPT", "ACCEPTED"), ("START", "ACTIVE"), ("CLOSE", "CLOSED") })
        {
            var id = await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = action });
            Assert.Equal(200, (await channel.ReplyAsync(id)).GetProperty("status").GetInt32());
            Assert.Equal(dialog, (await channel.DialogUpdateAsync(state)).GetProperty("dialogId").GetString());
        }
        var status = XElement.Parse(await server.Client.GetStringAsync(contact, ct)).Element("status")!.Value;
        Assert.Equal("handled", status);
    }

    [Fact]
    public async Task An_offered_dialog_arrives_with_its_tasks_variables_as_the_dialogs_list_shows_them()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        await channel.ReceiveAsync();
        await SignInReady(channel);
        (await server.Client.PostAsJsonAsync("/api/v1/tasks", new
        {
            name = "Ann", title = "Chat", scriptSelector = "CumulusTask", mediaType = "chat",
            callVariables = new Dictionary<string, string> { ["1"] = "gold", ["10"] = "https://chat.example/r/42" },
            eccVariables = new Dictionary<string, string> { ["user.order.id"] = "1234" },
        }, ct)).EnsureSuccessStatusCode();

        var offered = await channel.DialogUpdateAsync("OFFERED");
        Assert.Equal("https://chat.example/r/42", offered.GetProperty("callVariables").GetProperty("10").GetString());
        var listed = (await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>(ct))[0];
        foreach (var field in new[] { "callVariables", "eccVariables", "mediaType", "skillGroupId", "offeredAt", "taskId", "contactId", "name", "title" })
            Assert.Equal(listed.GetProperty(field).GetRawText(), offered.GetProperty(field).GetRawText());
    }

    [Fact]
    public async Task A_media_changes_reply_comes_before_the_updates_it_caused()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        Assert.Equal("hello", (await channel.ReceiveAsync())!.Value.GetProperty("type").GetString());
        foreach (var state in new[] { "LOGIN", "READY", "NOT_READY", "LOGOUT" })
        {
            var id = await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = state, ["reasonCode"] = state == "NOT_READY" ? 7 : null });
            // The very next message is the reply: a desktop that waits for it knows the change took
            // before it draws the state the change led to.
            var next = (await channel.ReceiveAsync())!.Value;
            Assert.Equal(("reply", id, 200), (next.GetProperty("type").GetString(), next.GetProperty("id").GetInt64(), next.GetProperty("status").GetInt32()));
            var update = (await channel.ReceiveAsync())!.Value;
            Assert.Equal("media", update.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Steps_sent_back_to_back_run_in_order_and_each_gets_its_own_reply()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        var dialog = await ReadyWithAnOffer(server, channel);

        // No waiting between them: the channel reads the next step while the last is made durable.
        var ids = new List<long>();
        foreach (var action in new[] { "ACCEPT", "START", "WRAP_UP", "CLOSE" })
            ids.Add(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = action }));
        foreach (var id in ids) Assert.Equal(200, (await channel.ReplyAsync(id)).GetProperty("status").GetInt32());
        Assert.Equal(dialog, (await channel.DialogUpdateAsync("CLOSED")).GetProperty("dialogId").GetString());
    }

    [Fact]
    public async Task Replies_come_in_the_order_the_requests_were_sent_refusals_made_before_the_loop_included()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1081", 1081, ct);

        // A desktop that reads replies in turn, without matching ids: an early refusal must not overtake.
        var sent = new List<long>
        {
            await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN", ["maxDialogLimit"] = 1 }),
            await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "READY" }),
            await channel.SendAsync(new() { ["mrdId"] = 9999, ["state"] = "READY" }),
            await channel.SendAsync(new() { ["dialogId"] = "x_y_z", ["action"] = "ACCEPT" }),
            await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "NOT_READY", ["reasonCode"] = 0, ["action"] = 1 }),
            await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "NOT_READY" }),
        };
        var replies = new List<JsonElement>();
        while (replies.Count < sent.Count)
        {
            var message = await channel.ReceiveAsync() ?? throw new EndOfStreamException("the channel closed before the replies");
            if (message.GetProperty("type").GetString() == "reply") replies.Add(message);
        }
        Assert.Equal(sent, replies.Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal([200, 200, 404, 404, 400, 200], replies.Select(r => r.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Bad_requests_get_a_reply_saying_what_is_wrong_and_the_channel_stays_open()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);

        await channel.SendRawAsync("{not json");
        var notJson = await channel.ReplyAsync(null);
        Assert.Equal((400, "invalid request"), (notJson.GetProperty("status").GetInt32(), notJson.GetProperty("title").GetString()));

        // JSON with a value of the wrong type: the reply carries the request's id (its name in any
        // case, as the serializer reads it) and names the field.
        foreach (var (raw, id, field) in new[] { ("{\"id\":7000,\"dialogId\":\"1_2_3\",\"action\":1}", 7000L, "action"), ("{\"ID\":7001,\"action\":1}", 7001L, "action"),
            // An id is a number, as every number the channel reads; one sent as a string is refused, still answered under it.
            ("{\"id\":\"7002\",\"dialogId\":\"1_2_3\",\"action\":\"START\"}", 7002L, "id") })
        {
            await channel.SendRawAsync(raw);
            var wrongType = await channel.ReplyAsync(id);
            Assert.Equal(400, wrongType.GetProperty("status").GetInt32());
            Assert.StartsWith($"$.{field} has a value of the wrong type", wrongType.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var notLoggedIn = await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "READY" }));
        Assert.Equal((409, "E_ARM_STAT_AGENT_NOT_LOGGED_IN"), (notLoggedIn.GetProperty("status").GetInt32(), notLoggedIn.GetProperty("reason").GetString()));

        var badState = await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "SLEEPING" }));
        Assert.Equal((400, "state"), (badState.GetProperty("status").GetInt32(), badState.GetProperty("field").GetString()));

        var nothing = await channel.ReplyAsync(await channel.SendAsync([]));
        Assert.Equal(400, nothing.GetProperty("status").GetInt32());
        Assert.Contains("dialogId", nothing.GetProperty("detail").GetString());

        var unknown = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = "1_2_3", ["action"] = "START" }));
        // The same reason and code the REST API's 404 carries.
        Assert.Equal((404, "E_ARM_STAT_TASK_OBJECT_NOT_FOUND", "E_ARM_STAT_TASK_OBJECT_NOT_FOUND", 18),
            (unknown.GetProperty("status").GetInt32(), unknown.GetProperty("title").GetString(), unknown.GetProperty("reason").GetString(), unknown.GetProperty("code").GetInt32()));

        var dialog = await ReadyWithAnOffer(server, channel);
        var fly = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = "FLY" }));
        Assert.Equal((400, "action"), (fly.GetProperty("status").GetInt32(), fly.GetProperty("field").GetString()));
        var sequence = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = "PAUSE" }));
        Assert.Equal((409, "E_ARM_STAT_INVALID_MESSAGE_SEQUENCE"), (sequence.GetProperty("status").GetInt32(), sequence.GetProperty("reason").GetString()));
        // An offered task is accepted or left to ring out, never closed: as over REST.
        var close = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = "CLOSE" }));
        Assert.Equal((409, "E_ARM_STAT_INVALID_MESSAGE_SEQUENCE"), (close.GetProperty("status").GetInt32(), close.GetProperty("reason").GetString()));

        await channel.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, ct);
        Assert.Equal(400, (await channel.ReplyAsync(null)).GetProperty("status").GetInt32());

        // After all that the channel still works.
        Assert.Equal(200, (await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = "ACCEPT" }))).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_request_with_a_field_it_does_not_have_or_both_a_step_and_a_media_change_is_refused_and_runs_nothing()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1082", 1082, ct);

        var extra = await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN", ["extra"] = 1 }));
        Assert.Equal(400, extra.GetProperty("status").GetInt32());
        Assert.StartsWith("$.extra is not a field of this request (a request takes id, dialogId, action, ", extra.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var misspelled = await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN", ["maxDialogLimt"] = 1 }));
        Assert.StartsWith("$.maxDialogLimt is not a field of this request", misspelled.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Only the step ran, and the reply said nothing of the media change.
        var both = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = "1_2_3", ["action"] = "ACCEPT", ["mrdId"] = 5011, ["state"] = "LOGIN" }));
        Assert.Equal((400, "mrdId"), (both.GetProperty("status").GetInt32(), both.GetProperty("field").GetString()));
        Assert.Equal("a request is a dialog step or a media change, not both: it gives dialogId and mrdId", both.GetProperty("detail").GetString());

        var agent = await (await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1082")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1082:lab"))) },
        }, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.All(agent.GetProperty("media").EnumerateArray(), m => Assert.Equal("LOGOUT", m.GetProperty("state").GetString()));
    }

    [Theory]
    [InlineData("""{"id":14.5,"mrdId":5011,"state":"READY"}""", "14.5", "")]
    [InlineData("""{"id":"abc","mrdId":5011,"state":"READY"}""", "\"abc\"", "")]
    [InlineData("""{"id":true,"mrdId":5011,"state":"READY"}""", "true", "")]
    [InlineData("""{"id":99999999999999999999,"mrdId":5011,"state":"READY"}""", "99999999999999999999", "")]
    // The serializer stops at the first bad value: the id is said to be wrong all the same.
    [InlineData("""{"action":1,"id":14.5}""", "14.5", "; and $.action has a value of the wrong type")]
    public async Task A_request_whose_id_is_not_a_whole_number_is_answered_saying_so(string raw, string got, string andThen)
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);

        await channel.SendRawAsync(raw);
        var reply = await channel.ReplyAsync(null);
        Assert.Equal((400, "id"), (reply.GetProperty("status").GetInt32(), reply.GetProperty("field").GetString()));
        Assert.StartsWith($"$.id must be a whole number, which the reply echoes (got {got}){andThen}", reply.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_acts_only_on_its_own_agents_dialogs()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var other = await AgentChannelClient.ConnectAsync(server, "1081", 1081, ct);
        var login = await other.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN" });
        Assert.Equal(200, (await other.ReplyAsync(login)).GetProperty("status").GetInt32());
        Assert.Equal(200, (await other.ReplyAsync(await other.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "READY" }))).GetProperty("status").GetInt32());
        await SubmitTask(server);
        var dialog = (await other.DialogUpdateAsync("OFFERED")).GetProperty("dialogId").GetString()!;

        // A channel steps only its agent's dialogs: another's is not there for it, answered as an
        // unknown id is (ids are sequential; a 403 told who held which task). An administrator's
        // channel for an agent is held to that agent's dialogs alike.
        foreach (var user in new[] { "1080", "admin" })
        {
            await using var channel = await AgentChannelClient.ConnectAsync(server, user, 1080, ct);
            var refused = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = "ACCEPT" }));
            var unknown = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = "1_2_3", ["action"] = "ACCEPT" }));
            Assert.Equal(404, refused.GetProperty("status").GetInt32());
            Assert.Equal(unknown.GetProperty("detail").GetString()!.Replace("1_2_3", dialog, StringComparison.Ordinal), refused.GetProperty("detail").GetString());
        }

        // A supervisor may watch its agent's channel and change its state, not step its dialogs.
        await using var supervisor = await AgentChannelClient.ConnectAsync(server, "sup1", 1081, ct);
        Assert.Equal(403, (await supervisor.ReplyAsync(await supervisor.SendAsync(new() { ["dialogId"] = dialog, ["action"] = "ACCEPT" }))).GetProperty("status").GetInt32());
        Assert.Equal(200, (await supervisor.ReplyAsync(await supervisor.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "NOT_READY", ["reasonCode"] = 7 }))).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Opening_a_channel_needs_credentials_and_the_right_to_see_the_agent()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        Assert.Equal(401, await AgentChannelClient.RefusedAsync(server, null, 1080, ct));
        Assert.Equal(403, await AgentChannelClient.RefusedAsync(server, "1081", 1080, ct));

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080/channel");
        plain.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        var response = await server.Client.SendAsync(plain, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("detail").GetString());
    }

    private static async Task<string> Ticket(TestServer server, string user, int loginId)
    {
        var response = await server.SendAs(user, HttpMethod.Post, $"/api/v1/agents/{loginId}/channel/tickets");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, body.GetProperty("expiresInSeconds").GetInt32());
        return body.GetProperty("ticket").GetString()!;
    }

    [Fact]
    public async Task A_browser_opens_the_channel_with_a_ticket_good_once_for_its_agent_only()
    {
        var ct = Timeout();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(time: time);

        var ticket = await Ticket(server, "1080", 1080);
        await using (var channel = await AgentChannelClient.ConnectAsync(server, null, 1080, ct, ticket))
        {
            Assert.Equal("hello", (await channel.ReceiveAsync())!.Value.GetProperty("type").GetString());
            Assert.Equal(200, (await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN" }))).GetProperty("status").GetInt32());
        }
        Assert.Equal(401, await AgentChannelClient.RefusedAsync(server, null, 1080, ct, ticket));

        var forOther = await Ticket(server, "admin", 1081);
        Assert.Equal(401, await AgentChannelClient.RefusedAsync(server, null, 1080, ct, forOther));
        Assert.Equal(401, await AgentChannelClient.RefusedAsync(server, null, 1080, ct, "made-up"));
        Assert.Equal(HttpStatusCode.Forbidden, (await server.SendAs("1081", HttpMethod.Post, "/api/v1/agents/1080/channel/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.SendAs(null, HttpMethod.Post, "/api/v1/agents/1080/channel/tickets")).StatusCode);

        var late = await Ticket(server, "1080", 1080);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(401, await AgentChannelClient.RefusedAsync(server, null, 1080, ct, late));
    }

    [Fact]
    public async Task A_page_of_another_origin_cannot_open_the_channel_with_remembered_basic_credentials_only_with_a_ticket()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        Assert.Equal(403, await AgentChannelClient.RefusedAsync(server, "1080", 1080, ct, origin: "http://evil.example"));
        var own = server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        await using (var same = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct, origin: own))
            Assert.Equal("hello", (await same.ReceiveAsync())!.Value.GetProperty("type").GetString());
        await using var ticketed = await AgentChannelClient.ConnectAsync(server, null, 1080, ct, await Ticket(server, "1080", 1080), origin: "http://elsewhere.example");
        Assert.Equal("hello", (await ticketed.ReceiveAsync())!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_steps_reply_comes_before_the_updates_of_the_next_task_it_made_room_for()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        Assert.Equal(200, (await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "LOGIN", ["maxDialogLimit"] = 1 }))).GetProperty("status").GetInt32());
        Assert.Equal(200, (await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5011, ["state"] = "READY" }))).GetProperty("status").GetInt32());
        await SubmitTask(server);
        await SubmitTask(server);
        var first = (await channel.DialogUpdateAsync("OFFERED")).GetProperty("dialogId").GetString()!;
        foreach (var action in new[] { "ACCEPT", "START" })
            Assert.Equal(200, (await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = first, ["action"] = action }))).GetProperty("status").GetInt32());

        // Closing the first task frees the agent, and the router offers the second in the same step.
        var close = await channel.SendAsync(new() { ["dialogId"] = first, ["action"] = "CLOSE" });
        var order = new List<string>();
        while (!order.Contains("OFFERED"))
        {
            var message = (await channel.ReceiveAsync())!.Value;
            if (message.GetProperty("type").GetString() == "reply") { Assert.Equal(close, message.GetProperty("id").GetInt64()); order.Add("reply"); }
            else if (message.GetProperty("type").GetString() == "dialog") order.Add(message.GetProperty("state").GetString()!);
        }
        Assert.True(order.IndexOf("reply") is >= 0 and var at && at < order.IndexOf("OFFERED"), string.Join(", ", order));
    }

    [Fact]
    public async Task An_action_is_named_never_numbered_or_combined()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        var dialog = await ReadyWithAnOffer(server, channel);
        // "START,WRAP_UP" would read as the flags Start | WrapUp, which is Close; "1" as Start.
        foreach (var action in new[] { "START,WRAP_UP", "1", "5" })
        {
            var reply = await channel.ReplyAsync(await channel.SendAsync(new() { ["dialogId"] = dialog, ["action"] = action }));
            Assert.Equal((400, "action"), (reply.GetProperty("status").GetInt32(), reply.GetProperty("field").GetString()));
            Assert.Equal(HttpStatusCode.BadRequest, (await server.SendAs("1080", HttpMethod.Put, $"/api/v1/dialogs/{dialog}", new { action })).StatusCode);
        }
        var logout = await channel.ReplyAsync(await channel.SendAsync(new() { ["mrdId"] = 5012, ["state"] = "LOGIN", ["dialogLogoutAction"] = "7" }));
        Assert.Equal((400, "dialogLogoutAction"), (logout.GetProperty("status").GetInt32(), logout.GetProperty("field").GetString()));
        Assert.Equal("OFFERED", (await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>(ct))[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_request_over_the_size_limit_closes_the_channel_as_too_big()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        await using var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        await channel.SendRawAsync("{\"id\":1,\"dialogId\":\"" + new string('1', 10_000) + "\",\"action\":\"START\"}");
        while (await channel.ReceiveAsync() is not null)
        {
        }
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, channel.Socket.CloseStatus);
    }

    [Fact]
    public async Task An_open_channel_counts_as_the_agents_desktop_for_presence()
    {
        var ct = Timeout();
        await using var server = await TestServer.StartAsync();
        var channel = await AgentChannelClient.ConnectAsync(server, "1080", 1080, ct);
        await channel.ReceiveAsync();
        Assert.Equal(1, server.Host.Streams.Streams(1080));
        await channel.DisposeAsync();
        var gone = new TaskCompletionSource();
        server.Host.Streams.StreamsChanged += (login, count) => { if (login == 1080 && count == 0) gone.TrySetResult(); };
        if (server.Host.Streams.Streams(1080) != 0) await gone.Task.WaitAsync(ct);
        Assert.Equal(0, server.Host.Streams.Streams(1080));
    }
}
