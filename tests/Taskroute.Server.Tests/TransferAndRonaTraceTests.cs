using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Taskroute.Server.Tests;

/// <summary>The traces of a task transferred to another and of a task an agent let ring: what each says of itself and of the other.</summary>
public class TransferAndRonaTraceTests
{
    private static async Task<JsonElement> Trace(TestServer server, string id)
    {
        var response = await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/" + Uri.EscapeDataString(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> Submit(TestServer server, string name)
    {
        var created = await server.SendAs(null, HttpMethod.Post, "/api/v1/tasks", new { name, title = name + "'s task" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> OfferedTo(TestServer server, string login)
    {
        var dialogs = await (await server.SendAs(login, HttpMethod.Get, $"/api/v1/agents/{login}/dialogs")).Content.ReadFromJsonAsync<JsonElement>();
        return dialogs.EnumerateArray().Last().GetProperty("id").GetString()!;
    }

    private static async Task Ready(TestServer server, string login)
    {
        await server.SendAs(login, HttpMethod.Put, $"/api/v1/agents/{login}/media/5011", new { state = "LOGIN" });
        await server.SendAs(login, HttpMethod.Put, $"/api/v1/agents/{login}/media/5011", new { state = "READY" });
    }

    private static async Task Step(TestServer server, string login, string dialog, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs(login, HttpMethod.Put, "/api/v1/dialogs/" + dialog, body)).StatusCode);

    // Ann's task, offered to 1080, accepted, worked 20 s and transferred to the selector given: her contact and the first task's dialog.
    private static async Task<(string Contact, string First)> WorkedThenTransferred(TestServer server, FakeTimeProvider time, string to)
    {
        await Ready(server, "1080");
        var contact = await Submit(server, "Ann");
        var first = await OfferedTo(server, "1080");
        await Step(server, "1080", first, new { action = "ACCEPT" });
        await Step(server, "1080", first, new { action = "START" });
        time.Advance(TimeSpan.FromSeconds(20));
        await Step(server, "1080", first, new { action = "TRANSFER", scriptSelector = to });
        return (contact, first);
    }

    [Fact]
    public async Task A_transferred_task_says_so_and_the_task_it_became_names_it_and_carries_its_data()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        var (contact, first) = await WorkedThenTransferred(server, time, "CumulusTask");
        var second = await OfferedTo(server, "1080");
        Assert.NotEqual(first, second);

        var old = await Trace(server, first);
        Assert.Equal("transferred", old.GetProperty("status").GetString());
        var next = await Trace(server, second);
        Assert.Equal(old.GetProperty("taskId").GetString(), next.GetProperty("previousTaskId").GetString());
        Assert.Equal("Ann", next.GetProperty("name").GetString());
        Assert.Contains(old.GetProperty("taskId").GetString(), next.GetProperty("relatedTaskIds").EnumerateArray().Select(e => e.GetString()));
        // Asked by the contact, the task its poll names comes back (the second), with the first as related.
        var byContact = await Trace(server, contact);
        Assert.Equal(next.GetProperty("taskId").GetString(), byContact.GetProperty("taskId").GetString());
        Assert.Contains(old.GetProperty("taskId").GetString(), byContact.GetProperty("relatedTaskIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_task_transferred_elsewhere_keeps_its_own_script_selector_and_ends_handled_in_its_trace_and_report()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        // To the email queue, where nobody is signed in: the task it becomes waits there.
        var (contact, first) = await WorkedThenTransferred(server, time, "CumulusEmail");

        var old = await Trace(server, first);
        Assert.Equal(("transferred", "CumulusTask"), (old.GetProperty("status").GetString(), old.GetProperty("scriptSelector").GetString()));
        Assert.Equal(["unread", "queued", "reserved", "handled"], old.GetProperty("statusChanges").EnumerateArray().Select(c => c.GetProperty("status").GetString()));

        // The contact's poll, its JSON resource and its trace all speak of the task it became.
        var task = await (await server.SendAs(null, HttpMethod.Get, "/api/v1/tasks/" + contact)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", task.GetProperty("status").GetString());
        var byContact = await Trace(server, contact);
        Assert.Equal(("CumulusEmail", "queued"), (byContact.GetProperty("scriptSelector").GetString(), byContact.GetProperty("status").GetString()));
        Assert.Equal(byContact.GetProperty("dialogId").GetString(), task.GetProperty("taskId").GetString());
        Assert.Equal(old.GetProperty("taskId").GetString(), byContact.GetProperty("previousTaskId").GetString());

        // The report's record of the first task: handled, transferred, routed by its own selector.
        var report = await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/reports/tasks?from=2024-01-30T00:00:00Z&to=2024-01-31T00:00:00Z")).Content.ReadFromJsonAsync<JsonElement>();
        var record = Assert.Single(report.GetProperty("tasks").EnumerateArray());
        Assert.Equal((old.GetProperty("taskId").GetString(), "handled", "handled", true, "CumulusTask"),
            (record.GetProperty("taskId").GetString(), record.GetProperty("outcome").GetString(), record.GetProperty("status").GetString(),
             record.GetProperty("transferred").GetBoolean(), record.GetProperty("scriptSelector").GetString()));
    }

    [Fact]
    public async Task An_agent_going_ready_for_a_waiting_task_is_the_agents_doing_and_its_reservation_the_tasks()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Submit(server, "Ann");
        // 1080 goes ready while the task waits: the same command routes the task to it.
        await Ready(server, "1080");
        var dialog = await OfferedTo(server, "1080");
        await Step(server, "1080", dialog, new { action = "ACCEPT" });
        await Step(server, "1080", dialog, new { action = "START" });
        await Step(server, "1080", dialog, new { action = "CLOSE" });
        var trace = await Trace(server, dialog);
        Assert.Equal(["RESERVED", "ACTIVE", "NOT_ACTIVE"], trace.GetProperty("agentStates").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
    }

    // The offer rings past the MRD's 30 s start timeout; the writer loop fires it on its next trip.
    private static async Task RingOut(TestServer server, FakeTimeProvider time)
    {
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0);
    }

    [Fact]
    public async Task A_ronas_ringing_is_queue_time_and_the_agent_who_let_it_ring_sees_its_own_reservation_and_the_ring_out_on_it_alone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" });
        await Submit(server, "Bo");
        var rung = await OfferedTo(server, "1080");

        // 1080 lets it ring past the MRD's 30 s; it waits 10 s more for 1081.
        await RingOut(server, time);
        time.Advance(TimeSpan.FromSeconds(9));
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "READY" });
        var answered = await OfferedTo(server, "1081");
        foreach (var action in new[] { "ACCEPT", "START", "CLOSE" }) await Step(server, "1081", answered, new { action });

        var trace = await Trace(server, answered);
        var timings = trace.GetProperty("timings");
        Assert.Equal(0, timings.GetProperty("delayMs").GetInt64());
        Assert.Equal(40_000, timings.GetProperty("queueMs").GetInt64());
        Assert.Contains(trace.GetProperty("flags").EnumerateArray(), f => f.GetProperty("kind").GetString() == "rona");
        // The ring-out left 1080 not routable, as ctisvr says (Routable=0): the first thing an engineer looks for after a RONA.
        var after = trace.GetProperty("agentStates").EnumerateArray().First(s => s.GetProperty("agentId").GetInt32() == 5172 && s.GetProperty("state").GetString() == "NOT_ACTIVE");
        Assert.False(after.GetProperty("routable").GetBoolean());
        Assert.Contains(trace.GetProperty("events").EnumerateArray(), e => e.GetProperty("message").GetString() == "AGENT_EVENT" && e.GetProperty("agentId").GetInt32() == 5172 && e.TryGetProperty("routable", out var r) && !r.GetBoolean());

        var list = await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1080")).Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(list.GetProperty("tasks").EnumerateArray());
        Assert.Equal(rung.Replace('_', ':'), item.GetProperty("taskId").GetString());
        // 1080 let it ring: the answer wait and handle time on its line would be 1081's.
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (item.GetProperty("answerWaitMs").ValueKind, item.GetProperty("handleMs").ValueKind));
        var kept = Assert.Single((await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1081")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").EnumerateArray());
        Assert.Equal(timings.GetProperty("handleMs").GetInt64(), kept.GetProperty("handleMs").GetInt64());
        // The ring-out is on the line of the agent who let it ring, not on the one who answered.
        Assert.Contains("rona", item.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty(kept.GetProperty("flags").EnumerateArray());
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), item.GetProperty("reservedAt").GetInt64());

        // The RouterCallKey, as the router's log prints it, finds the task too.
        var key = trace.GetProperty("routerCallKey").GetString()!;
        Assert.Equal(trace.GetProperty("task").GetInt32(), (await Trace(server, "CID=" + key)).GetProperty("task").GetInt32());
    }

    [Fact]
    public async Task A_ring_out_whose_task_goes_to_another_agent_in_the_same_millisecond_is_on_the_line_of_the_agent_who_let_it_ring()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        await Submit(server, "Cy");
        await OfferedTo(server, "1080");
        // 1081 is ready while it rings: the ring-out routes the task to 1081 at once, in the same millisecond.
        await Ready(server, "1081");
        await RingOut(server, time);
        await OfferedTo(server, "1081");

        var rung = Assert.Single((await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1080")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").EnumerateArray());
        Assert.Contains("rona", rung.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var next = Assert.Single((await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1081")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").EnumerateArray());
        Assert.DoesNotContain("rona", next.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task An_agents_list_is_in_reservation_order_across_tasks_and_a_cut_list_stops_at_its_last_reservation_kept()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        // 1080 takes two tasks at once: Ann's and, 5 s later, Bo's; both ring out, and both come back to it when it is ready again.
        await Submit(server, "Ann");
        time.Advance(TimeSpan.FromSeconds(5));
        await Submit(server, "Bo");
        await RingOut(server, time);
        await RingOut(server, time);
        time.Advance(TimeSpan.FromSeconds(10));
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await server.Host.QueryAsync((_, _) => 0);

        var list = await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1080")).Content.ReadFromJsonAsync<JsonElement>();
        var reserved = list.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("reservedAt").GetInt64()).ToList();
        Assert.Equal(4, reserved.Count);
        // Oldest first, as the docs say, not grouped by task (Ann's two reservations, then Bo's).
        Assert.Equal(reserved.Order(), reserved);
        Assert.Equal(2, list.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("task").GetInt32()).Distinct().Count());
        Assert.False(list.GetProperty("hasMore").GetBoolean());

        // Cut at two: the two oldest reservations, whichever tasks they are; the later ones wait for the next page.
        var cut = await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1080?limit=2")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(cut.GetProperty("hasMore").GetBoolean());
        Assert.Equal(reserved.Take(2), cut.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("reservedAt").GetInt64()));

        // Ann and Bo came back in the same millisecond: a cut never splits it, so pages of one, each
        // asked from a millisecond after the last, walk the list once, none repeated and none skipped.
        Assert.Equal(reserved[2], reserved[3]);
        var walked = new List<long>();
        for (var (from, pages) = (reserved[0], 0); ; pages++)
        {
            Assert.True(pages < 10, "the pages do not come to an end");
            var page = await (await server.SendAs("admin", HttpMethod.Get, $"/api/v1/traces/agent:1080?limit=1&from={from}")).Content.ReadFromJsonAsync<JsonElement>();
            walked.AddRange(page.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("reservedAt").GetInt64()));
            if (!page.GetProperty("hasMore").GetBoolean()) break;
            from = walked[^1] + 1;
        }
        Assert.Equal(reserved, walked);
    }

    [Fact]
    public async Task A_task_that_rang_out_and_was_cancelled_in_queue_has_no_queue_time_of_zero()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        var contact = await Submit(server, "Di");
        var rung = await OfferedTo(server, "1080");
        // Reserved at once, rang out after 31 s, then waited 15 s more before its customer gave up.
        await RingOut(server, time);
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs(null, HttpMethod.Delete, "/api/v1/tasks/" + contact)).StatusCode);

        var timings = (await Trace(server, rung)).GetProperty("timings");
        // Its only reservation never reached the agent: no queue time is known, not the instant it took to reserve the agent.
        Assert.Equal(JsonValueKind.Null, timings.GetProperty("queueMs").ValueKind);
    }

    [Fact]
    public async Task A_task_back_in_the_queue_after_a_ring_out_names_no_agent_as_its_poll_does()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        var contact = await Submit(server, "Ed");
        var rung = await OfferedTo(server, "1080");
        Assert.Equal(1080, (await Trace(server, rung)).GetProperty("loginId").GetInt32());
        await RingOut(server, time);

        var trace = await Trace(server, contact);
        var task = await (await server.SendAs(null, HttpMethod.Get, "/api/v1/tasks/" + contact)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("queued", "queued"), (trace.GetProperty("status").GetString(), task.GetProperty("status").GetString()));
        Assert.False(trace.TryGetProperty("agentId", out var agent) && agent.ValueKind != JsonValueKind.Null);
        Assert.False(trace.TryGetProperty("loginId", out var login) && login.ValueKind != JsonValueKind.Null);
        // Who let it ring is still told.
        Assert.Contains(trace.GetProperty("flags").EnumerateArray(), f => f.GetProperty("kind").GetString() == "rona" && f.GetProperty("detail").GetString()!.Contains("5172", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_that_rang_out_and_came_back_to_the_same_agent_is_listed_once_per_reservation()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        await Submit(server, "Cy");
        var rung = await OfferedTo(server, "1080");

        // 1080 lets it ring out (made not routable), goes ready again and gets it back.
        await RingOut(server, time);
        time.Advance(TimeSpan.FromSeconds(4));
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        var back = await OfferedTo(server, "1080");
        Assert.NotEqual(rung, back);

        var list = await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/agent:1080")).Content.ReadFromJsonAsync<JsonElement>();
        var items = list.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal([rung.Replace('_', ':'), back.Replace('_', ':')], items.Select(i => i.GetProperty("taskId").GetString()));
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), items[0].GetProperty("reservedAt").GetInt64());
        Assert.True(items[1].GetProperty("reservedAt").GetInt64() > items[0].GetProperty("reservedAt").GetInt64());

        // A window holding only the first reservation lists that one, not the later one outside it.
        var first = await (await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces?agent=1080&from=2024-01-30T13:59:59Z&to=2024-01-30T14:00:10Z")).Content.ReadFromJsonAsync<JsonElement>();
        var only = Assert.Single(first.GetProperty("tasks").EnumerateArray());
        Assert.Equal((rung.Replace('_', ':'), items[0].GetProperty("reservedAt").GetInt64()), (only.GetProperty("taskId").GetString(), only.GetProperty("reservedAt").GetInt64()));
    }

    [Fact]
    public async Task A_second_task_of_an_agent_already_active_reaches_step_eight_at_its_own_start()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await Ready(server, "1080");
        await Submit(server, "One");
        var first = await OfferedTo(server, "1080");
        foreach (var action in new[] { "ACCEPT", "START" }) await Step(server, "1080", first, new { action });
        time.Advance(TimeSpan.FromSeconds(10));
        await Submit(server, "Two");
        var second = await OfferedTo(server, "1080");
        time.Advance(TimeSpan.FromSeconds(5));
        foreach (var action in new[] { "ACCEPT", "START" }) await Step(server, "1080", second, new { action });

        var steps = (await Trace(server, second)).GetProperty("steps").EnumerateArray().ToList();
        var started = steps[6].GetProperty("time").GetInt64();
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 14, 0, 15, TimeSpan.Zero).ToUnixTimeMilliseconds(), started);
        Assert.Equal(started, steps[7].GetProperty("time").GetInt64());
    }
}
