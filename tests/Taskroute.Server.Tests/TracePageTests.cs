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
}
