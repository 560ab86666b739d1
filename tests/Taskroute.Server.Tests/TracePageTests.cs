using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Taskroute.Server.Tests;

/// <summary>The trace page in a real browser: Debian's Chromium, headless, driven by Playwright.</summary>
public class TracePageTests
{
    [Fact]
    public async Task A_supervisor_finds_the_seeds_task_by_id_and_sees_its_sequence_diagram_and_timings()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
        await using var server = await TestServer.StartAsync(time: time);
        var contact = await TraceApiTests.RunSeedTask(server, time);

        await using var chromium = await HeadlessChromium.Open("America/New_York");
        var page = chromium.Page;
        var consoleErrors = chromium.Errors;

        // The supervisor page links here and shares its sign-in.
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/supervisor").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#queues")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Trace a task" }).ClickAsync();

        await page.GetByLabel("Task, contact, dialogue or agent id").FillAsync("154526/37051928/1");
        await page.Keyboard.PressAsync("Enter");

        var diagram = page.Locator("svg.sequence");
        await Assertions.Expect(diagram).ToBeVisibleAsync();
        string[] seed = ["NEW_TASK", "NEW_CALL", "DEVICE_TARGET_PRE_CALL_IND", "CONNECT", "DO_THIS_WITH_TASK", "OFFER_TASK_IND", "OFFER_TASK_EVENT", "START_TASK_IND", "START_TASK_EVENT", "END_TASK_IND", "END_TASK_EVENT"];
        var drawn = await diagram.Locator("g.message").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.message)");
        Assert.Equal(seed, drawn.Where(seed.Contains).Distinct());
        await Assertions.Expect(diagram.Locator("g.module")).ToHaveCountAsync(6);
        await Assertions.Expect(diagram).ToContainTextAsync("08:55:58.923");

        // Under ten seconds in exact ms; longer spans in minutes and seconds, their exact ms in the title.
        await Assertions.Expect(page.Locator("#timings")).ToContainTextAsync("9,690 ms");
        await Assertions.Expect(page.Locator("#timings td[title='54,822 ms']")).ToHaveTextAsync("54.8 s");
        await Assertions.Expect(page.Locator("#timings td[title='76,791 ms']")).ToHaveTextAsync("1 min 16.8 s");
        await Assertions.Expect(page.Locator("#timings td.total")).ToHaveTextAsync("1 min 4.5 s");
        await Assertions.Expect(page.Locator("#timings td.total")).ToHaveAttributeAsync("title", "64,512 ms");
        // The diagram has a name saying whose it is, and its messages are a list a screen reader can read.
        await Assertions.Expect(diagram).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Message flow of task 154526:37051928:1: \\d+ messages"));
        var messages = page.Locator("#messageList li");
        await Assertions.Expect(messages).ToHaveCountAsync(drawn.Length);
        await Assertions.Expect(messages.First).ToContainTextAsync("Application → CCP: CREATE_SOCIAL_CONTACT");
        await Assertions.Expect(page.Locator("#steps li.found")).ToHaveCountAsync(9);
        await Assertions.Expect(page.Locator("#ids")).ToContainTextAsync(contact.ToString("D"));
        // The dialog id is the one the agent's desktop and Finesse's logs use.
        await Assertions.Expect(page.Locator("#ids")).ToContainTextAsync("154526_37051928_1");
        await Assertions.Expect(page.Locator("#flags")).ToContainTextAsync("Nothing missing");
        // The page fits a laptop's window: the wide parts scroll in their own card.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the trace page is wider than its window");

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "taskroute-trace.png"), FullPage = true });

        // An agent's tasks in a window, then one of them by its link.
        await page.GetByLabel("Task, contact, dialogue or agent id").FillAsync("1080");
        await page.GetByLabel("From (agents)").FillAsync("2024-01-30T08:00");
        await page.GetByLabel("To (agents)").FillAsync("2024-01-30T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#agentRows tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "154526:37051928:1" }).ClickAsync();
        await Assertions.Expect(diagram).ToBeVisibleAsync();

        // An unknown id says so, on the page.
        await page.GetByLabel("Task, contact, dialogue or agent id").FillAsync(Guid.NewGuid().ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#searchError")).ToContainTextAsync("no task with SocialContact id");

        // The browser reports the unknown id's 404 answer on the console; nothing else may appear there.
        Assert.DoesNotContain(consoleErrors, e => !e.Contains("404", StringComparison.Ordinal));
    }
    [Fact]
    public async Task Back_from_a_task_opened_from_an_agents_list_returns_to_the_list_and_the_url_keeps_the_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
        await using var server = await TestServer.StartAsync(time: time);
        await TraceApiTests.RunSeedTask(server, time);
        await using var chromium = await HeadlessChromium.Open("America/New_York");
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/trace").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await page.GetByLabel("Task, contact, dialogue or agent id").FillAsync("1080");
        await page.GetByLabel("From (agents)").FillAsync("2024-01-30T08:00");
        await page.GetByLabel("To (agents)").FillAsync("2024-01-30T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        var list = page.Locator("#agentSection");
        await Assertions.Expect(list.Locator("#agentRows tr")).ToHaveCountAsync(1);
        // The window typed is in the URL, as an instant: a reload or a link shows the same list.
        Assert.Contains("from=2024-01-30T13%3A00%3A00.000Z&to=2024-01-30T14%3A00%3A00.000Z", page.Url, StringComparison.Ordinal);
        // The times are the browser's, and the page says in which zone.
        await Assertions.Expect(page.Locator("#zone")).ToHaveTextAsync("Times in America/New_York (UTC-05:00).");
        await page.ReloadAsync();
        await Assertions.Expect(list.Locator("#agentRows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByLabel("From (agents)")).Not.ToBeEmptyAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "154526:37051928:1" }).ClickAsync();
        await Assertions.Expect(page.Locator("svg.sequence")).ToBeVisibleAsync();
        await Assertions.Expect(list).ToBeHiddenAsync();

        // Back: the agent's list again, in its window, still on the trace page.
        await page.GoBackAsync();
        await Assertions.Expect(list.Locator("#agentRows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("svg.sequence")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel("Task, contact, dialogue or agent id")).ToHaveValueAsync("1080");
        Assert.StartsWith("/trace?id=1080&from=", new Uri(page.Url).PathAndQuery, StringComparison.Ordinal);
        await page.GoForwardAsync();
        await Assertions.Expect(page.Locator("svg.sequence")).ToBeVisibleAsync();
        // The sign-in's check of the account is answered 200: nothing appears on the console.
        Assert.Empty(chromium.Errors);

        // A lookup while the server cannot be reached says so plainly.
        await page.RouteAsync("**/api/v1/traces/**", route => route.AbortAsync("connectionrefused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#searchError")).ToHaveTextAsync("The server cannot be reached; try again.");
    }

    // Signs in on the trace page as the lab's supervisor.
    private static async Task SignIn(IPage page, TestServer server, string path = "/trace")
    {
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, path).ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task Steps_a_task_has_not_reached_are_not_yet_while_it_waits_and_not_reached_once_cancelled_never_missing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        // No agent is ready: the task waits in queue.
        var created = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "waits", title = "in queue", scriptSelector = "CumulusTask" });
        var contact = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server, "/trace?id=" + contact);

        var steps = page.Locator("#steps li");
        await Assertions.Expect(steps).ToHaveCountAsync(9);
        await Assertions.Expect(page.Locator("#steps li.missing")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#steps li.pending").First).ToContainTextAsync("not yet");
        Assert.Equal(9, await page.Locator("#steps li.found").CountAsync() + await page.Locator("#steps li.pending").CountAsync());

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await server.Client.DeleteAsync(created.Headers.Location)).IsSuccessStatusCode);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#flags")).ToContainTextAsync("abandonedInQueue");
        await Assertions.Expect(page.Locator("#steps li.pending").First).ToContainTextAsync("not reached");
        await Assertions.Expect(page.Locator("#steps li.missing")).ToHaveCountAsync(0);
        // The API says which steps are missing, and none is: the task ended before an agent had it.
        var trace = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/traces/" + contact)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.All(trace.GetProperty("steps").EnumerateArray(), s => Assert.False(s.GetProperty("missing").GetBoolean()));
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task On_a_phone_each_id_is_under_its_name_on_one_line_where_it_fits()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
        await using var server = await TestServer.StartAsync(time: time);
        await TraceApiTests.RunSeedTask(server, time);
        await using var chromium = await HeadlessChromium.Open("America/New_York");
        var page = chromium.Page;
        await page.SetViewportSizeAsync(375, 800);
        await SignIn(page, server, "/trace?id=154526:37051928:1");
        await Assertions.Expect(page.Locator("#ids")).ToContainTextAsync("154526_37051928_1");

        // One column: the values start where the names do, each below its name.
        var columns = await page.Locator("#ids").EvaluateAsync<string>("e => getComputedStyle(e).gridTemplateColumns");
        Assert.DoesNotContain(" ", columns.Trim(), StringComparison.Ordinal);
        // An id that fits the line is not broken (break-all split them every few characters).
        var broken = await page.Locator("#ids dd").EvaluateAllAsync<string[]>(
            "dds => dds.filter(d => d.textContent.length <= 30 && d.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(d).lineHeight)).map(d => d.textContent)");
        Assert.Empty(broken);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the trace page is wider than its window");
    }

    [Fact]
    public async Task Sign_out_forgets_the_tabs_credential_and_shows_the_sign_in_form_again()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server);
        await Assertions.Expect(page.GetByLabel("Task, contact, dialogue or agent id")).ToBeVisibleAsync();
        Assert.NotNull(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("User")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Task, contact, dialogue or agent id")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));
        // The reports page, in the same tab, asks for a sign-in too.
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports").ToString());
        await Assertions.Expect(page.GetByLabel("User")).ToBeVisibleAsync();
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task An_agent_signing_in_to_the_trace_page_is_told_traces_are_for_supervisors_and_nothing_is_kept()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/trace").ToString());
        await page.GetByLabel("User").FillAsync("1080");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#signinError")).ToHaveTextAsync("Traces are for supervisors and administrators.");
        await Assertions.Expect(page.GetByLabel("Task, contact, dialogue or agent id")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));
    }

    [Fact]
    public async Task Tracing_an_agent_outside_the_supervisors_team_says_so_and_keeps_the_sign_in()
    {
        var configuration = Taskroute.Core.Lab.LabConfiguration.Create();
        var lab = Taskroute.Server.Accounts.AccountStore.Lab(configuration);
        // sup2's team is agent 1089 alone.
        var sup2 = new Taskroute.Server.Accounts.Account("sup2", Taskroute.Server.Accounts.Role.Supervisor, lab.Find("sup1")!.PasswordHash, Team: new HashSet<int> { 1089 });
        var accounts = new Taskroute.Server.Accounts.AccountStore([.. configuration.Agents.Select(a => lab.Find(a.LoginId.ToString(System.Globalization.CultureInfo.InvariantCulture))!), lab.Find("sup1")!, sup2]);
        await using var server = await TestServer.StartAsync(accounts: accounts);
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/trace").ToString());
        await page.GetByLabel("User").FillAsync("sup2");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var query = page.GetByLabel("Task, contact, dialogue or agent id");
        await query.FillAsync("1080");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#searchError")).ToHaveTextAsync("sup2 may not see that: agent 1080 is not in your team.");
        // Still signed in: the next id is looked up without signing in again.
        await Assertions.Expect(page.GetByLabel("User")).ToBeHiddenAsync();
        Assert.NotNull(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));
        await query.FillAsync("1089");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#searchError")).ToHaveTextAsync("");

        // An account that is no longer a supervisor's (its role changed meanwhile) is signed out, told why.
        await page.RouteAsync("**/api/v1/traces/**", route => route.FulfillAsync(new()
        {
            Status = 403, ContentType = "application/problem+json",
            Body = "{\"status\":403,\"title\":\"forbidden\",\"detail\":\"traces are for supervisors and administrators\"}",
        }));
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#signinError")).ToHaveTextAsync("Traces are for supervisors and administrators.");
        await Assertions.Expect(query).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));
        // The browser logs the refused requests itself; nothing else went wrong.
        Assert.DoesNotContain(chromium.Errors, e => !e.Contains("403", StringComparison.Ordinal));
    }
}
