using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Taskroute.Server.Tests;

/// <summary>The reports page in a real browser: Debian's Chromium, headless, driven by Playwright.</summary>
public class ReportPageTests
{
    [Fact]
    public async Task A_supervisor_sees_the_days_service_level_volume_and_queue_time_charts_and_the_summary_by_mrd_and_agent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
        await using var server = await TestServer.StartAsync(time: time);
        await TraceApiTests.RunSeedTask(server, time);
        // A second task waits 40 s in queue and is cancelled: one abandon, in the same half hour.
        var waiting = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "waits", title = "and gives up", scriptSelector = "CumulusTask" });
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.True((await server.Client.DeleteAsync(waiting.Headers.Location)).IsSuccessStatusCode);
        // The next day, five tasks that give up: a volume chart whose tallest bar is 5.
        time.Advance(TimeSpan.FromDays(1));
        for (var i = 0; i < 5; i++)
        {
            var gone = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = $"n{i}", title = "gives up", scriptSelector = "CumulusTask" });
            Assert.True((await server.Client.DeleteAsync(gone.Headers.Location)).IsSuccessStatusCode);
        }

        await using var chromium = await HeadlessChromium.Open("America/New_York");
        var page = chromium.Page;
        var consoleErrors = chromium.Errors;

        // The supervisor page links here and shares its sign-in.
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/supervisor").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#queues")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();

        await page.GetByLabel("Day").FillAsync("2024-01-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();

        // Volume: two offered, one handled, one abandoned, all in the 08:30 bar.
        var volume = page.Locator("svg.volume");
        await Assertions.Expect(volume).ToBeVisibleAsync();
        await Assertions.Expect(volume.Locator("rect.offered")).ToHaveCountAsync(1);
        Assert.Equal("2", await volume.Locator("rect.offered").GetAttributeAsync("data-count"));
        Assert.Equal("1", await volume.Locator("rect.handled").GetAttributeAsync("data-count"));
        Assert.Equal("1", await volume.Locator("rect.abandoned").GetAttributeAsync("data-count"));
        Assert.StartsWith("2024-01-30T13:30:00", await volume.Locator("rect.offered").GetAttributeAsync("data-start"), StringComparison.Ordinal);
        // Service level: the seed's task was answered after 64.5 s and the other gave up after 40 s, both past 30 s: 0%.
        var point = page.Locator("svg.service-level circle.sl-point");
        await Assertions.Expect(point).ToHaveCountAsync(1);
        Assert.Equal("0", await point.GetAttributeAsync("data-value"));
        await Assertions.Expect(page.Locator("svg.queue-time rect.queue")).ToHaveCountAsync(1);

        var mrd = page.Locator("#summaryRows tr[data-id='5011']");
        await Assertions.Expect(mrd).ToContainTextAsync("Cumulus_Task");
        await Assertions.Expect(mrd.Locator("td").Nth(2)).ToHaveTextAsync("2");
        await Assertions.Expect(mrd.Locator("td").Nth(4)).ToHaveTextAsync("1");
        await Assertions.Expect(mrd.Locator("td").Nth(11)).ToHaveTextAsync("1m 05s");
        await Assertions.Expect(page.Locator("[data-figure='Service level']")).ToHaveTextAsync("0.0%");

        // By agent: 1080 handled the task.
        await page.GetByLabel("By").SelectOptionAsync("agent");
        var agent = page.Locator("#summaryRows tr[data-id='1080']");
        await Assertions.Expect(agent).ToContainTextAsync("Agent 1080");
        await Assertions.Expect(agent.Locator("td").Nth(4)).ToHaveTextAsync("1");

        // The page fits a laptop's window: nothing makes it scroll sideways.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the reports page is wider than its window");

        // Each grid line of the volume chart is labelled with the count it stands at.
        await page.GetByLabel("By").SelectOptionAsync("mrd");
        await page.GetByLabel("Day").FillAsync("2024-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Assertions.Expect(volume.Locator("rect.offered")).ToHaveAttributeAsync("data-count", "5");
        Assert.Equal(["0", "2", "4", "6", "8"], await volume.Locator(".axis text[text-anchor='end']").AllTextContentsAsync());

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "taskroute-reports.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task The_task_details_csv_holds_every_task_of_the_day_the_summary_counts_the_discarded_and_two_minutes_less_a_little_reads_2m_00s()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        // One task waits 119.6 s in queue and gives up: the day's longest queue time.
        var waiting = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "waits", title = "and gives up", scriptSelector = "CumulusTask" });
        time.Advance(TimeSpan.FromMilliseconds(119_600));
        Assert.True((await server.Client.DeleteAsync(waiting.Headers.Location)).IsSuccessStatusCode);
        // And more tasks than one page of the API holds, discarded for a selector the lab lacks.
        const int Discarded = 1_100;
        for (var sent = 0; sent < Discarded; sent += 50)
            foreach (var response in await Task.WhenAll(Enumerable.Range(sent, 50).Select(i => server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = $"n{i}", title = "t", scriptSelector = "Unknown" }))))
                Assert.True(response.IsSuccessStatusCode);

        await using var chromium = await HeadlessChromium.Open("America/New_York");
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports").ToString());
        await page.GetByLabel("User").FillAsync("sup1");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByLabel("Day").FillAsync("2024-01-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-figure='Longest queue']")).ToHaveTextAsync("2m 00s");
        // The summary by script selector counts the tasks the router discarded (no MRD took them), as the CLI's table does.
        await page.GetByLabel("By").SelectOptionAsync("scriptSelector");
        var total = page.Locator("#summaryRows tr.total");
        await Assertions.Expect(page.Locator("table.summary th").Nth(7)).ToHaveTextAsync("Discarded");
        await Assertions.Expect(total.Locator("td").Nth(7)).ToHaveTextAsync(Discarded.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Task details CSV" }).ClickAsync());
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Discarded + 1 + 1, lines.Length);
        Assert.Single(lines, l => l.StartsWith("task,contactId,", StringComparison.Ordinal));
        Assert.Empty(chromium.Errors);
    }
}
