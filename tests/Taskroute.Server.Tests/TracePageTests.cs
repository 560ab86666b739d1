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

        await Assertions.Expect(page.Locator("#timings")).ToContainTextAsync("9,690 ms");
        await Assertions.Expect(page.Locator("#timings")).ToContainTextAsync("54,822 ms");
        await Assertions.Expect(page.Locator("#timings")).ToContainTextAsync("76,791 ms");
        await Assertions.Expect(page.Locator("#timings td.total")).ToHaveTextAsync("64,512 ms");
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
        // The sign-in's probe is answered 400 (no such id), which the browser reports; nothing else may appear.
        Assert.DoesNotContain(chromium.Errors, e => !e.Contains("status of 400", StringComparison.Ordinal));

        // A lookup while the server cannot be reached says so plainly.
        await page.RouteAsync("**/api/v1/traces/**", route => route.AbortAsync("connectionrefused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#searchError")).ToHaveTextAsync("The server cannot be reached; try again.");
    }
}
