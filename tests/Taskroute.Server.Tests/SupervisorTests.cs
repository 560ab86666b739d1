using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Taskroute.Server.Tests;

public class SupervisorTests
{
    private static async Task<HttpResponseMessage> Get(TestServer server, string user, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task The_overview_shows_the_team_the_queues_and_tasks_by_state_to_supervisors_only()
    {
        await using var server = await TestServer.StartAsync();
        for (var i = 0; i < 2; i++)
            await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.Forbidden, (await Get(server, "1080", "/api/v1/supervisor/overview")).StatusCode);
        var overview = await (await Get(server, "sup1", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        var taskQueue = overview.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("mrdId").GetInt32() == 5011);
        Assert.Equal(2, taskQueue.GetProperty("queued").GetInt32());
        Assert.True(taskQueue.GetProperty("oldestWaitSeconds").GetInt32() >= 0);
        Assert.Equal(10, overview.GetProperty("agents").GetArrayLength());
        Assert.Equal(2, overview.GetProperty("tasksByState").GetProperty("queued").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Get(server, "admin", "/api/v1/supervisor/overview")).StatusCode);
    }

    [Fact]
    public async Task The_oldest_wait_of_a_task_that_rang_out_counts_from_its_first_arrival_not_from_the_ring_out()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));

        // 1080 lets it ring past the MRD's 30 s start timeout (the loop fires it on its next trip); it waits 9 s more.
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0);
        time.Advance(TimeSpan.FromSeconds(9));

        var overview = await (await Get(server, "sup1", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        var taskQueue = overview.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("mrdId").GetInt32() == 5011);
        Assert.Equal(1, taskQueue.GetProperty("queued").GetInt32());
        // Its place in line, and its trace's queue time, run from when it was first routed, ringing included.
        Assert.Equal(40, taskQueue.GetProperty("oldestWaitSeconds").GetInt32());
    }

    [Fact]
    public async Task A_queues_agents_signed_in_count_every_agent_of_its_mrd_not_only_the_supervisors_team_and_with_one_free_and_none_waiting_the_wait_is_none()
    {
        var configuration = Taskroute.Core.Lab.LabConfiguration.Create();
        var lab = Taskroute.Server.Accounts.AccountStore.Lab(configuration);
        var sup2 = new Taskroute.Server.Accounts.Account("sup2", Taskroute.Server.Accounts.Role.Supervisor, lab.Find("sup1")!.PasswordHash, Team: new HashSet<int> { 1089 });
        var accounts = new Taskroute.Server.Accounts.AccountStore([.. configuration.Agents.Select(a => lab.Find(a.LoginId.ToString(System.Globalization.CultureInfo.InvariantCulture))!), lab.Find("admin")!, sup2]);
        await using var server = await TestServer.StartAsync(accounts: accounts);
        // 1083 is not sup2's, and takes the task queue's work.
        await server.SendAs("1083", HttpMethod.Put, "/api/v1/agents/1083/media/5011", new { state = "LOGIN" });
        await server.SendAs("1083", HttpMethod.Put, "/api/v1/agents/1083/media/5011", new { state = "READY" });

        var overview = await (await Get(server, "sup2", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        var taskQueue = overview.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("mrdId").GetInt32() == 5011);
        Assert.Equal(1, taskQueue.GetProperty("agentsSignedIn").GetInt32());
        Assert.Equal(1, taskQueue.GetProperty("agentsAvailable").GetInt32());
        // Nothing waits and an agent is free: a new task would wait nothing.
        Assert.Equal((0, 0), (taskQueue.GetProperty("queued").GetInt32(), taskQueue.GetProperty("estimatedWaitSeconds").GetInt32()));
        // The team's own agents stay the team's.
        Assert.Equal(1089, overview.GetProperty("agents").EnumerateArray().Single().GetProperty("loginId").GetInt32());
    }

    [Fact]
    public async Task The_overview_lists_each_skill_group_and_precision_queue_with_its_waiting_tasks_oldest_wait_and_agents()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" }); // Not Ready: takes nothing
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        time.Advance(TimeSpan.FromSeconds(12));
        await server.Client.PostAsync("/ccp/task/feed/100001", new StringContent(
            "<Task><name>n</name><title>t</title><scriptSelector>CumulusChat</scriptSelector><variables><variable><name>cv_1</name><value>es</value></variable></variables></Task>",
            Encoding.UTF8, "application/xml"));
        time.Advance(TimeSpan.FromSeconds(3));

        var overview = await (await Get(server, "sup1", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        var rows = overview.GetProperty("skillGroupsAndPrecisionQueues").EnumerateArray().ToList();
        JsonElement Row(string kind, int id) => rows.Single(r => r.GetProperty("kind").GetString() == kind && r.GetProperty("id").GetInt32() == id);
        (int, int, int, int, int) Figures(JsonElement r) => (r.GetProperty("mrdId").GetInt32(), r.GetProperty("queued").GetInt32(), r.GetProperty("oldestWaitSeconds").GetInt32(),
            r.GetProperty("agentsSignedIn").GetInt32(), r.GetProperty("agentsAvailable").GetInt32());

        // The seed's skill group: its task waited 15 s; 1080 is signed in but Not Ready.
        var task = Row("skillGroup", 5199);
        Assert.Equal("Cumulus_Task_SG", task.GetProperty("name").GetString());
        Assert.Equal((5011, 1, 15, 1, 0), Figures(task));
        // The Spanish chat went to the precision queue, not to a chat skill group.
        Assert.Equal((5012, 1, 3, 0, 0), Figures(Row("precisionQueue", 5300)));
        var sales = Row("skillGroup", 5201);
        Assert.Equal(0, sales.GetProperty("queued").GetInt32());
        Assert.Equal(JsonValueKind.Null, sales.GetProperty("oldestWaitSeconds").ValueKind);
        // Skill groups first, then precision queues, each in the configuration's order.
        Assert.Equal(rows.OrderBy(r => r.GetProperty("kind").GetString() == "precisionQueue").Select(r => r.GetProperty("id").GetInt32()), rows.Select(r => r.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task The_overview_can_leave_out_the_MRDs_an_agent_is_signed_out_of_and_refuses_an_unknown_media_choice()
    {
        await using var server = await TestServer.StartAsync();
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5012", new { state = "LOGIN" });

        var overview = await (await Get(server, "sup1", "/api/v1/supervisor/overview?media=signedIn")).Content.ReadFromJsonAsync<JsonElement>();
        var agents = overview.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("loginId").GetInt32());
        Assert.Equal([5012], agents[1080].GetProperty("media").EnumerateArray().Select(m => m.GetProperty("mrdId").GetInt32()));
        Assert.Equal(0, agents[1081].GetProperty("media").GetArrayLength());
        // By default every MRD, as before.
        var all = await (await Get(server, "sup1", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, all.GetProperty("agents")[0].GetProperty("media").GetArrayLength());

        var refused = await Get(server, "sup1", "/api/v1/supervisor/overview?media=some");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("media must be all", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_of_changes_makes_the_supervisor_page_read_the_overview_a_few_times_not_once_per_change()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignInSupervisor(page, server);
        var reads = 0;
        page.Request += (_, r) => { if (r.Url.Contains("/api/v1/supervisor/overview", StringComparison.Ordinal)) Interlocked.Increment(ref reads); };

        const int tasks = 40;
        for (var i = 0; i < tasks; i++)
            Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);
        await Assertions.Expect(page.Locator("tr[data-mrd='5011'] td.queued")).ToHaveTextAsync(tasks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // One a second at most while changes keep coming, and the last change is always read: a page
        // reading once per change made 40 reads here, a floor of a thousand agents hundreds a second.
        Assert.InRange(reads, 1, tasks / 4);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_supervisor_page_shows_a_new_waiting_task_without_a_reload()
    {
        const string chromium = "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"{chromium} is not installed (.ci/run installs Debian's chromium)");
        await using var server = await TestServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/supervisor").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.Keyboard.PressAsync("Enter");
        var waiting = page.Locator("tr[data-mrd='5011'] td.queued");
        var inSkillGroup = page.Locator("tr[data-skill-group='5199'] td.queued");
        await Assertions.Expect(waiting).ToHaveTextAsync("0");
        await Assertions.Expect(inSkillGroup).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");

        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        await Assertions.Expect(waiting).ToHaveTextAsync("1");
        await Assertions.Expect(inSkillGroup).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("LOGOUT");
        // Signed out, an agent holds no tasks and has no limit to show.
        await Assertions.Expect(page.Locator("tr[data-agent='1080'] td[data-mrd='5011'] .tasks")).ToHaveCountAsync(0);
        Assert.Contains("queued", await page.Locator("#taskStates").TextContentAsync());

        // Every change after the first shows too: an agent signing in, then taking the task.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("NOT READY");
        await Assertions.Expect(page.Locator("tr[data-agent='1080'] td[data-mrd='5011'] .tasks")).ToHaveTextAsync("0/3");
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await Assertions.Expect(waiting).ToHaveTextAsync("0");
        await Assertions.Expect(inSkillGroup).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("tr[data-skill-group='5199']")).ToContainTextAsync("Cumulus_Task_SG (skill group 5199)");
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("RESERVED");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");

        // A reload keeps the tab's sign-in.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("RESERVED");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_team_view_shows_each_task_an_agent_holds_with_its_customer_state_and_how_long_on_the_servers_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" });
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "READY" });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name>Ann Smith</name><title>Refund request</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);
        var dialog = (await (await Get(server, "1081", "/api/v1/agents/1081/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();
        time.Advance(TimeSpan.FromSeconds(20));
        foreach (var action in new[] { "ACCEPT", "START" })
            Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action })).StatusCode);
        time.Advance(TimeSpan.FromSeconds(135));

        var overview = await (await Get(server, "sup1", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        var held = overview.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("loginId").GetInt32() == 1081).GetProperty("tasks").EnumerateArray().Single();
        Assert.Equal((dialog, 5011, "ACTIVE", "Refund request", "Ann Smith", "Cumulus_Task_SG"),
            (held.GetProperty("dialogId").GetString(), held.GetProperty("mrdId").GetInt32(), held.GetProperty("state").GetString(), held.GetProperty("title").GetString(),
             held.GetProperty("name").GetString(), held.GetProperty("queue").GetString()));
        Assert.Equal(time.GetUtcNow().AddSeconds(-135), held.GetProperty("stateChangedAt").GetDateTimeOffset());
        Assert.Equal(time.GetUtcNow().AddSeconds(-155), held.GetProperty("offeredAt").GetDateTimeOffset());
        Assert.Equal(0, overview.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("loginId").GetInt32() == 1080).GetProperty("tasks").GetArrayLength());

        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignInSupervisor(page, server);
        var cell = page.Locator("tr[data-agent='1081'] td[data-mrd='5011']");
        var task = cell.GetByRole(AriaRole.List, new() { Name = "Tasks Agent 1081 holds in Cumulus_Task" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(task).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Refund request — Ann Smith\s+active for 2 min$"));
        // The agent's own state says how long too: ACTIVE since the task started.
        await Assertions.Expect(cell.Locator(".since")).ToContainTextAsync("(2 min)");
        // Once the task ends the list goes.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "CLOSE" })).StatusCode);
        await Assertions.Expect(cell.Locator("ul.held")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_supervisor_page_shows_the_not_ready_reason_since_when_a_pending_not_ready_and_an_agent_not_routable_whom_Ready_makes_routable()
    {
        await using var server = await TestServer.StartAsync();
        // 1080 not ready for lunch; 1081 signed in to chat and ready but made not routable; 1082 working
        // a task and asked to go not ready for training, which waits for the task to end.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 2 });
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5012", new { state = "LOGIN" });
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5012", new { state = "READY" });
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5012", new { routable = false })).StatusCode);
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "LOGIN" });
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "READY" });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);
        var dialog = (await (await Get(server, "1082", "/api/v1/agents/1082/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();
        foreach (var action in new[] { "ACCEPT", "START" })
            Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1082", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action })).StatusCode);
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "NOT_READY", reasonCode = 4 });

        // The overview the page reads carries them, as the agent API does.
        var overview = await (await Get(server, "sup1", "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<JsonElement>();
        JsonElement Media(int login, int mrd) => overview.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("loginId").GetInt32() == login)
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == mrd);
        Assert.Equal(2, Media(1080, 5011).GetProperty("reasonCode").GetInt32());
        Assert.False(Media(1081, 5012).GetProperty("routable").GetBoolean());
        Assert.Equal("NOT_READY", Media(1082, 5011).GetProperty("pendingState").GetString());
        Assert.Equal(4, Media(1082, 5011).GetProperty("pendingReasonCode").GetInt32());

        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/supervisor").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");

        var lunch = page.Locator("tr[data-agent='1080'] td[data-mrd='5011']");
        await Assertions.Expect(lunch.Locator(".state")).ToHaveTextAsync("NOT READY");
        await Assertions.Expect(lunch.Locator(".reason")).ToHaveTextAsync("Lunch (2)");
        await Assertions.Expect(lunch.Locator(".flag")).ToHaveCountAsync(0);
        var unroutable = page.Locator("tr[data-agent='1081'] td[data-mrd='5012']");
        await Assertions.Expect(unroutable.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await Assertions.Expect(unroutable.Locator(".flag")).ToHaveTextAsync("not routable");
        // Ready is what makes it routable again (a ring-out leaves an agent so): the one state where a
        // NOT ACTIVE agent's Ready does something.
        await Assertions.Expect(unroutable.Locator("button[data-state='READY']")).ToBeEnabledAsync();
        // How long in that state, as a time on the server's clock.
        await Assertions.Expect(lunch.Locator(".since")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^since \\d"));
        var working = page.Locator("tr[data-agent='1082'] td[data-mrd='5011']");
        await Assertions.Expect(working.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await Assertions.Expect(working.Locator(".pending")).ToHaveTextAsync("then not ready: Training (4), when its tasks end");
        await Assertions.Expect(page.Locator("#live")).ToHaveAttributeAsync("aria-live", "polite");
        // Signed out is no more routable than not: no marker there.
        await Assertions.Expect(page.Locator("tr[data-agent='1083'] .flag")).ToHaveCountAsync(0);

        // The supervisor's Ready makes it routable again, and the page follows without a reload.
        await unroutable.Locator("button[data-state='READY']").ClickAsync();
        await Assertions.Expect(unroutable.Locator(".flag")).ToHaveCountAsync(0);
        await Assertions.Expect(unroutable.Locator("button[data-state='READY']")).ToBeDisabledAsync();
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "CLOSE" });
        await Assertions.Expect(working.Locator(".state")).ToHaveTextAsync("NOT READY");
        await Assertions.Expect(working.Locator(".reason")).ToHaveTextAsync("Training (4)");
        await Assertions.Expect(working.Locator(".pending")).ToHaveCountAsync(0);
        Assert.Empty(chromium.Errors);
    }
    [Fact]
    public async Task A_supervisor_makes_a_signed_in_agent_ready_and_not_ready_with_a_reason_and_signs_it_out_but_cannot_sign_it_in()
    {
        await using var server = await TestServer.StartAsync();
        Assert.True((await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" })).IsSuccessStatusCode);
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/supervisor").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");

        var cell = page.Locator("tr[data-agent='1081'] td[data-mrd='5011']");
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("NOT READY");
        await cell.GetByRole(AriaRole.Button, new() { Name = "Make Agent 1081 in Cumulus_Task ready", Exact = true }).ClickAsync();
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await Assertions.Expect(cell.GetByRole(AriaRole.Button, new() { Name = "Make Agent 1081 in Cumulus_Task ready", Exact = true })).ToBeDisabledAsync();

        await cell.GetByLabel("Not ready reason for Agent 1081 in Cumulus_Task").SelectOptionAsync("2");
        await cell.GetByRole(AriaRole.Button, new() { Name = "Make Agent 1081 in Cumulus_Task not ready", Exact = true }).ClickAsync();
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("NOT READY");
        await Assertions.Expect(cell.Locator(".reason")).ToHaveTextAsync("Lunch (2)");

        // A change that cannot reach the server says so, and the message goes with the next answer.
        await page.RouteAsync("**/api/v1/agents/1081/media/5011", route => route.AbortAsync("connectionrefused"));
        await cell.GetByRole(AriaRole.Button, new() { Name = "Sign Agent 1081 out of Cumulus_Task", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#agentError")).ToHaveTextAsync("The server cannot be reached; try again.");
        await page.UnrouteAllAsync();
        await cell.GetByRole(AriaRole.Button, new() { Name = "Sign Agent 1081 out of Cumulus_Task", Exact = true }).ClickAsync();
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(page.Locator("#agentError")).ToBeEmptyAsync();
        // Signed out, the agent signs itself in again from its desktop: the supervisor has no button for it.
        await Assertions.Expect(cell.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var agent = await (await server.SendAs("1081", HttpMethod.Get, "/api/v1/agents/1081")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("LOGOUT", agent.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011).GetProperty("state").GetString());
        Assert.DoesNotContain(chromium.Errors, e => !e.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal));
    }

    // Opens the supervisor page and signs in from the keyboard as sup1; waits until it is live.
    private static async Task SignInSupervisor(IPage page, TestServer server)
    {
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/supervisor").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");
    }

    [Fact]
    public async Task What_a_supervisor_or_an_administrator_does_to_an_agent_or_the_log_levels_is_in_the_server_log_with_who_did_it()
    {
        var logs = new LoggedLines(Microsoft.Extensions.Logging.LogLevel.Information);
        await using var server = await TestServer.StartAsync(logs: logs);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("admin", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGOUT" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("admin", HttpMethod.Put, "/api/v1/logs/ctisvr/level", new { level = "DEBUG" })).StatusCode);

        var audit = logs.All.Where(l => l.Category == Api.AuditLog.Category).Select(l => l.Text).ToList();
        Assert.Equal(
        [
            "sup1 (supervisor) changed agent 1080 in MRD 5011: NOT_READY (reason 2)",
            "admin (administrator) changed agent 1080 in MRD 5011: LOGOUT",
            "admin set component ctisvr's log level to DEBUG",
        ], audit);
    }

    [Fact]
    public async Task Signing_an_agent_out_of_an_MRD_where_it_holds_a_task_asks_first_and_the_keyboard_never_falls_to_the_page()
    {
        await using var server = await TestServer.StartAsync();
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" });
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "READY" });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name>Ann Smith</name><title>Refund request</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);
        var dialog = (await (await Get(server, "1081", "/api/v1/agents/1081/dialogs")).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetString();
        foreach (var action in new[] { "ACCEPT", "START" })
            Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action })).StatusCode);

        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignInSupervisor(page, server);
        // The sign-in form gone, the keyboard starts where the page does.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Queues") })).ToBeFocusedAsync();

        var cell = page.Locator("tr[data-agent='1081'] td[data-mrd='5011']");
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("ACTIVE");
        var signOut = cell.GetByRole(AriaRole.Button, new() { Name = "Sign Agent 1081 out of Cumulus_Task", Exact = true });
        await signOut.ClickAsync();
        var asking = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign Agent 1081 out of Cumulus_Task with 1 task held?" });
        await Assertions.Expect(asking).ToBeVisibleAsync();
        await Assertions.Expect(asking).ToContainTextAsync("Agent 1081 holds 1 task in Cumulus_Task. Signing out of Cumulus_Task closes it, ending its work.");
        await Assertions.Expect(asking.GetByRole(AriaRole.Listitem)).ToContainTextAsync("Refund request — Ann Smith (active): closed");
        await Assertions.Expect(asking.GetByRole(AriaRole.Button, new() { Name = "Keep signed in" })).ToBeFocusedAsync();

        // Kept: nothing changes, and the keyboard is back on the button that asked.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(asking).ToBeHiddenAsync();
        await Assertions.Expect(signOut).ToBeFocusedAsync();
        Assert.Equal(HttpStatusCode.OK, (await Get(server, "1081", "/api/v1/dialogs/" + dialog)).StatusCode);

        // Confirmed: signed out, the task closed; its buttons gone, the keyboard goes to the table's heading.
        await page.Keyboard.PressAsync("Enter");
        await asking.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agents" })).ToBeFocusedAsync();
        Assert.Equal(0, (await (await Get(server, "1081", "/api/v1/agents/1081/dialogs")).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Making_an_agent_ready_from_the_keyboard_keeps_the_keyboard_in_its_MRD_once_Ready_is_disabled()
    {
        await using var server = await TestServer.StartAsync();
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" });
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignInSupervisor(page, server);
        var cell = page.Locator("tr[data-agent='1081'] td[data-mrd='5011']");
        var ready = cell.GetByRole(AriaRole.Button, new() { Name = "Make Agent 1081 in Cumulus_Task ready", Exact = true });
        await ready.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await Assertions.Expect(ready).ToBeDisabledAsync();
        await Assertions.Expect(cell.GetByLabel("Not ready reason for Agent 1081 in Cumulus_Task")).ToBeFocusedAsync();
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_supervisor_page_signs_out_forgetting_the_tabs_credential_and_shows_its_sign_in_form_again()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignInSupervisor(page, server);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("sup1");

        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#agents")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel("User")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('taskroute.auth')"));
        // The tab no longer holds the sign-in: a reload, or the trace page, asks for it again.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#agents")).ToBeHiddenAsync();
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_supervisor_page_redraws_a_table_only_when_what_it_shows_changed()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        // The page's clock is the test's: its 5 s refresh runs when the test says.
        await page.Clock.InstallAsync();
        await SignInSupervisor(page, server);
        var row = page.Locator("#agentRows tr[data-agent='1080']");
        await Assertions.Expect(row).ToContainTextAsync("LOGOUT");
        // A mark on the row's element itself, which a redraw would replace (and the mark with it).
        await row.EvaluateAsync("e => e.keptSinceTheTestLooked = true");

        var refreshed = page.WaitForResponseAsync(r => r.Url.Contains("/api/v1/supervisor/overview", StringComparison.Ordinal));
        await page.Clock.RunForAsync(5_000);
        await refreshed;
        // A task waits: the queues change, the agents do not.
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        await Assertions.Expect(page.Locator("tr[data-mrd='5011'] td.queued")).ToHaveTextAsync("1");
        Assert.True(await row.EvaluateAsync<bool>("e => e.keptSinceTheTestLooked === true"), "the agents' table was redrawn though nothing in it changed");
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_supervisor_finds_agents_by_login_id_name_or_state_and_the_rest_come_back_once_the_search_is_cleared()
    {
        await using var server = await TestServer.StartAsync();
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 2 });
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "LOGIN" });
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "READY" });
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignInSupervisor(page, server);
        var rows = page.Locator("#agentRows tr[data-agent]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var all = await rows.CountAsync();
        Assert.True(all > 2, $"only {all} agents in the team");
        var count = page.Locator("#agentCount");
        await Assertions.Expect(count).ToHaveTextAsync($"{all} agents");

        var find = page.GetByLabel("Find agents");
        await find.FillAsync("1082");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-agent", "1082");
        await Assertions.Expect(count).ToHaveTextAsync($"1 of {all} agents");

        // By the state as the table writes it: only 1080 is not ready.
        await find.FillAsync("not ready");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-agent", "1080");
        // A change on the server keeps the search: 1082 going not ready joins the rows found.
        await server.SendAs("1082", HttpMethod.Put, "/api/v1/agents/1082/media/5011", new { state = "NOT_READY", reasonCode = 2 });
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        await find.FillAsync("");
        await Assertions.Expect(rows).ToHaveCountAsync(all);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task On_a_phone_a_table_wider_than_the_screen_says_it_scrolls_sideways()
    {
        await using var server = await TestServer.StartAsync();
        await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" });
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.SetViewportSizeAsync(375, 667);
        await SignInSupervisor(page, server);
        await Assertions.Expect(page.Locator("#agents").GetByText("Scroll the table sideways for more")).ToBeVisibleAsync();

        // On a wide screen the queues fit: nothing to say.
        await page.SetViewportSizeAsync(1280, 900);
        await Assertions.Expect(page.Locator("#queues").GetByText("Scroll the table sideways for more")).ToBeHiddenAsync();
        Assert.Empty(chromium.Errors);
    }

    private static async Task<JsonElement> MediaOf(TestServer server, string login, int mrd) =>
        (await (await server.SendAs(login, HttpMethod.Get, $"/api/v1/agents/{login}")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == mrd);

    [Fact]
    public async Task The_agent_resource_says_which_supervisor_or_administrator_last_set_an_MRDs_state_and_when_until_the_agent_sets_it_itself()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 10, 42, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" })).StatusCode);
        // The agent's own sign-in is nobody else's doing.
        Assert.Equal(JsonValueKind.Null, (await MediaOf(server, "1081", 5011)).GetProperty("changedBy").ValueKind);

        var answer = await server.SendAs("sup1", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "NOT_READY", reasonCode = 2 });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var said = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011).GetProperty("changedBy");
        Assert.Equal("supervisor", said.GetProperty("role").GetString());
        Assert.Equal("sup1", said.GetProperty("user").GetString());
        Assert.Equal("NOT_READY", said.GetProperty("state").GetString());
        Assert.Equal(2, said.GetProperty("reasonCode").GetInt32());

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGOUT" })).StatusCode);
        var changed = (await MediaOf(server, "1081", 5011)).GetProperty("changedBy");
        Assert.Equal("sup1", changed.GetProperty("user").GetString());
        Assert.Equal("LOGOUT", changed.GetProperty("state").GetString());
        // The server's clock at the change, as the journal keeps the command's time.
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 10, 43, 0, TimeSpan.Zero), changed.GetProperty("at").GetDateTimeOffset());
        // Its other MRDs are as the agent left them.
        Assert.Equal(JsonValueKind.Null, (await MediaOf(server, "1081", 5012)).GetProperty("changedBy").ValueKind);

        // Signed in again by the agent itself: the state is its own choice now.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await MediaOf(server, "1081", 5011)).GetProperty("changedBy").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("admin", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGOUT" })).StatusCode);
        var admin = (await MediaOf(server, "1081", 5011)).GetProperty("changedBy");
        Assert.Equal("administrator", admin.GetProperty("role").GetString());
        Assert.Equal("admin", admin.GetProperty("user").GetString());
    }

    [Fact]
    public async Task A_task_that_rang_out_while_the_agent_had_no_desktop_open_is_listed_as_closed_while_away_one_that_rang_out_before_its_eyes_is_not()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        Assert.Equal(HttpStatusCode.OK, (await Get(server, "1080", "/api/v1/agents/1080/dialogs/away")).StatusCode);
        Assert.Empty((await (await Get(server, "1080", "/api/v1/agents/1080/dialogs/away")).Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateArray());

        // No desktop of the agent's is open: the ring-out reaches no one.
        await SubmitTo(server, "Bo Lind", "Invoice copy");
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0, ct);
        var away = Assert.Single((await (await Get(server, "1080", "/api/v1/agents/1080/dialogs/away")).Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateArray());
        Assert.Equal("Invoice copy", away.GetProperty("title").GetString());
        Assert.Equal("Bo Lind", away.GetProperty("name").GetString());
        Assert.Equal(5011, away.GetProperty("mrdId").GetInt32());
        Assert.Equal("requeued", away.GetProperty("outcome").GetString());
        Assert.Equal("RingNoAnswer", away.GetProperty("dispositionName").GetString());
        Assert.Equal(19, away.GetProperty("disposition").GetInt32());
        // Its 30 s to start ran out.
        Assert.Equal(new DateTimeOffset(2024, 1, 30, 14, 0, 30, TimeSpan.Zero), away.GetProperty("closedAt").GetDateTimeOffset());

        // Its supervisors may read it; another agent may not, and no agent is 404.
        Assert.Equal(HttpStatusCode.OK, (await Get(server, "sup1", "/api/v1/agents/1080/dialogs/away")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(server, "1081", "/api/v1/agents/1080/dialogs/away")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(server, "admin", "/api/v1/agents/9999/dialogs/away")).StatusCode);

        // With its event stream open the agent is there to see a ring-out: it is not listed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        using var stream = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { routable = true });
        Assert.Equal("Invoice copy", (await (await Get(server, "1080", "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>(ct))[0].GetProperty("title").GetString());
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0, ct);
        Assert.Empty((await (await Get(server, "1080", "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateArray());
        Assert.Equal("Invoice copy", Assert.Single((await (await Get(server, "1080", "/api/v1/agents/1080/dialogs/away")).Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateArray()).GetProperty("title").GetString());
    }

    private static async Task SubmitTo(TestServer server, string name, string title) =>
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent($"<Task><name>{name}</name><title>{title}</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);
}
