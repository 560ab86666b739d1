using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Taskroute.Server.Accounts;

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
        await page.Locator("#by").SelectOptionAsync("agent");
        var agent = page.Locator("#summaryRows tr[data-id='1080']");
        await Assertions.Expect(agent).ToContainTextAsync("Agent 1080");
        await Assertions.Expect(agent.Locator("td").Nth(4)).ToHaveTextAsync("1");
        // Agents are offered nothing and wait in no queue: their headline is what they handled and where their time went.
        await Assertions.Expect(page.Locator("[data-figure='Handled']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-figure='Signed in']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+:\\d\\d:\\d\\d$"));
        await Assertions.Expect(page.Locator("[data-figure='Offered']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#queueChart")).ToContainTextAsync("Service level and queue time are the queues' figures");

        // The page fits a laptop's window: nothing makes it scroll sideways.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the reports page is wider than its window");

        // Each grid line of the volume chart is labelled with the count it stands at.
        await page.Locator("#by").SelectOptionAsync("mrd");
        await page.GetByLabel("Day").FillAsync("2024-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Assertions.Expect(volume.Locator("rect.offered")).ToHaveAttributeAsync("data-count", "5");
        Assert.Equal(["0", "2", "4", "6", "8"], await volume.Locator(".axis text[text-anchor='end']").AllTextContentsAsync());
        // Each chart is named for what it shows and when, and its figures are a table too.
        await Assertions.Expect(volume).ToHaveAttributeAsync("aria-label", "Volume by half hour, 2024-01-31");
        var figures = page.Locator("details.figures[data-chart='volume'] tbody tr");
        await Assertions.Expect(figures).ToHaveCountAsync(1);
        Assert.Equal(["5", "0", "5"], await figures.Locator("td").AllTextContentsAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Volume by half hour, 2024-01-31", IncludeHidden = true })).ToHaveCountAsync(1);

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
        await page.Locator("#by").SelectOptionAsync("scriptSelector");
        var total = page.Locator("#summaryRows tr.total");
        await Assertions.Expect(page.Locator("table.summary th").Nth(7)).ToHaveTextAsync("Discarded");
        await Assertions.Expect(total.Locator("td").Nth(7)).ToHaveTextAsync(Discarded.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Task details CSV" }).ClickAsync());
        // A byte order mark first, so Excel reads it as UTF-8 rather than in the system's code page.
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken))[..3]);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Discarded + 1 + 1, lines.Length);
        Assert.Single(lines, l => l.StartsWith("task,contactId,", StringComparison.Ordinal));

        // Show one selector: its tasks alone, as the By and Show choices say (the one that gave up, not the discarded ones).
        await page.GetByLabel("Show").SelectOptionAsync("CumulusTask");
        await Assertions.Expect(page.Locator("#headlineTitle")).ToContainTextAsync("CumulusTask");
        download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Task details CSV" }).ClickAsync());
        lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",CumulusTask,", lines[1], StringComparison.Ordinal);
        Assert.Empty(chromium.Errors);
    }
    // Signs in on the reports page as the lab's supervisor (or the one named); the tab keeps the sign-in for the pages opened after.
    private static async Task SignIn(IPage page, TestServer server, string user = "sup1")
    {
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports").ToString());
        await page.GetByLabel("User").FillAsync(user);
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        // Today's report, shown on signing in, is drawn.
        await Assertions.Expect(page.Locator("#headlineSection")).ToBeVisibleAsync();
    }

    // A task that waits a minute in queue and gives up, at the time given.
    private static async Task GivesUp(TestServer server, FakeTimeProvider time)
    {
        var waiting = await server.Client.PostAsJsonAsync("/api/v1/tasks", new { name = "waits", title = "and gives up", scriptSelector = "CumulusTask" });
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await server.Client.DeleteAsync(waiting.Headers.Location)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task In_a_zone_whose_midnight_falls_inside_an_interval_a_day_takes_the_intervals_that_start_in_it_as_the_cli_does()
    {
        var kathmandu = TimeSpan.FromMinutes(5 * 60 + 45);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, kathmandu));
        await using var server = await TestServer.StartAsync(time: time);
        await GivesUp(server, time);

        await using var chromium = await HeadlessChromium.Open("Asia/Kathmandu");
        var page = chromium.Page;
        await SignIn(page, server);
        var asked = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/v1/reports/intervals", StringComparison.Ordinal)) asked.Add(request.Url); };
        await page.GetByLabel("Day").FillAsync("2026-12-07");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();

        // 00:15 to 00:15 local (18:30Z to 18:30Z), 48 half hours: the bounds `taskroute report --day` asks for.
        var volume = page.Locator("svg.volume");
        await Assertions.Expect(volume.Locator("rect.offered")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(volume.Locator(".axis text[text-anchor='start']").First).ToHaveTextAsync("00:15");
        Assert.Contains(asked, url => url.Contains("from=2026-12-06T18%3A30%3A00.000Z&to=2026-12-07T18%3A30%3A00.000Z", StringComparison.Ordinal));
        // The times are the browser's, and the page says in which zone (by the name its ICU gives it).
        await Assertions.Expect(page.Locator("#zone")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Times in Asia/Kath?mandu \(UTC\+05:45\)\.$"));
        Assert.Empty(chromium.Errors);
    }

    [Theory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task The_page_never_scrolls_sideways_the_summary_scrolls_in_its_card_and_the_chart_labels_are_full_size(int width)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await GivesUp(server, time);
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await page.SetViewportSizeAsync(width, 800);
        await SignIn(page, server);
        await page.GetByLabel("Day").FillAsync("2024-01-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("svg.volume rect.offered")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#summaryRows tr.total")).ToBeVisibleAsync();

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the reports page is wider than its window");
        // On a laptop the whole summary shows, its last column too; on a phone it scrolls inside its card.
        var table = page.Locator(".table-scroll");
        var tableFits = await table.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth");
        Assert.Equal(width >= 1280, tableFits);
        // The axis labels are drawn at their own size (12 px), not shrunk with the chart.
        var label = await page.Locator("svg.volume .axis text").First.EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        Assert.True(label >= 12, $"an axis label is {label} px high");
        // A day's 48 half hours of bars are wide enough to see (the chart scrolls in its card on a phone).
        var bar = await page.Locator("svg.volume rect.offered").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.True(bar >= 3, $"a volume bar is {bar} px wide");
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_bad_or_empty_day_or_an_unknown_by_falls_back_or_asks_for_a_day_instead_of_a_script_error()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server);

        // A mistyped link shows today by MRD.
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports?day=2026-13-45&by=bogus").ToString());
        var today = await page.EvaluateAsync<string>("new Date().toLocaleDateString('en-CA')");
        await Assertions.Expect(page.GetByLabel("Day")).ToHaveValueAsync(today);
        await Assertions.Expect(page.Locator("#by")).ToHaveValueAsync("mrd");
        await Assertions.Expect(page.Locator("#tableTitle")).ToHaveTextAsync("Summary by MRD");
        await Assertions.Expect(page.Locator("#pickError")).ToBeEmptyAsync();

        // A day cleared: the page asks for one, whatever the button.
        await page.GetByLabel("Day").FillAsync("");
        await page.Locator("#by").SelectOptionAsync("agent");
        await Assertions.Expect(page.Locator("#pickError")).ToHaveTextAsync("Choose a day.");
        await page.Locator("#pickError").EvaluateAsync("e => e.textContent = ''");
        await page.GetByRole(AriaRole.Button, new() { Name = "Intervals CSV" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pickError")).ToHaveTextAsync("Choose a day.");
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_report_asked_while_the_server_cannot_be_reached_says_so_plainly()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server);
        await page.RouteAsync("**/api/v1/reports/**", route => route.AbortAsync("connectionrefused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#pickError")).ToHaveTextAsync("The server cannot be reached; try again.");
    }

    [Fact]
    public async Task A_link_to_an_agent_with_no_tasks_that_day_shows_its_own_zeros_and_an_unknown_one_is_said_so()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await GivesUp(server, time);
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server);

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports?day=2024-01-30&by=agent&id=1081").ToString());
        await Assertions.Expect(page.Locator("#headlineTitle")).ToContainTextAsync("2024-01-30 · 1081");
        await Assertions.Expect(page.Locator("[data-figure='Handled']")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-figure='RONA']")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByLabel("Show")).ToHaveValueAsync("1081");
        Assert.EndsWith("id=1081", page.Url, StringComparison.Ordinal);

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports?day=2024-01-30&by=agent&id=9999").ToString());
        await Assertions.Expect(page.Locator("#pickError")).ToHaveTextAsync("no agent with login id 9999");
        await Assertions.Expect(page.Locator("#headlineSection")).ToBeHiddenAsync();
        // The browser reports the unknown agent's 404s; nothing else may appear.
        Assert.DoesNotContain(chromium.Errors, e => !e.Contains("404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_forgets_the_tabs_credential_and_shows_the_sign_in_form_again()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("User")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#headlineSection")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("User")).ToBeVisibleAsync();
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_link_to_an_agent_outside_the_supervisors_team_says_it_may_not_be_seen_and_keeps_the_sign_in()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        var configuration = Taskroute.Core.Lab.LabConfiguration.Create();
        var lab = AccountStore.Lab(configuration);
        // sup2's team is agent 1089 alone.
        var sup2 = new Account("sup2", Role.Supervisor, lab.Find("sup1")!.PasswordHash, Team: new HashSet<int> { 1089 });
        var accounts = new AccountStore([.. configuration.Agents.Select(a => lab.Find(a.LoginId.ToString(System.Globalization.CultureInfo.InvariantCulture))!), lab.Find("sup1")!, sup2]);
        await using var server = await TestServer.StartAsync(time: time, accounts: accounts);
        await GivesUp(server, time);
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server, "sup2");

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports?day=2024-01-30&by=agent&id=1080").ToString());
        await Assertions.Expect(page.Locator("#pickError")).Not.ToBeEmptyAsync();
        // Still signed in: the form is there to choose again, and the tab keeps the credential for the other pages.
        Assert.NotNull(await page.EvaluateAsync<string?>("sessionStorage.getItem('taskroute.auth')"));
        await Assertions.Expect(page.GetByLabel("User")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#pickError")).ToHaveTextAsync("sup2 may not see the reports of agent 1080. Choose All, or another agent.");

        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "All" });
        await Assertions.Expect(page.Locator("#headlineTitle")).ToContainTextAsync("2024-01-30 · all");
        await Assertions.Expect(page.Locator("#pickError")).ToBeEmptyAsync();
        // The browser reports the refused requests' 403s; nothing else may appear.
        Assert.DoesNotContain(chromium.Errors, e => !e.Contains("403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_an_unknown_id_show_still_offers_all_and_the_days_ids()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await GivesUp(server, time);
        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await SignIn(page, server);

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports?day=2024-01-30&by=mrd&id=9999").ToString());
        await Assertions.Expect(page.Locator("#pickError")).ToHaveTextAsync("no mrd '9999' in the configuration");
        var show = page.GetByLabel("Show");
        await Assertions.Expect(show).ToHaveValueAsync("9999");
        await Assertions.Expect(show.Locator("option[value='']")).ToHaveTextAsync("All");
        await Assertions.Expect(show.Locator("option[value='5011']")).ToHaveCountAsync(1);

        await show.SelectOptionAsync(new SelectOptionValue { Label = "All" });
        await Assertions.Expect(page.Locator("#headlineTitle")).ToContainTextAsync("2024-01-30 · all");
        await Assertions.Expect(page.Locator("[data-figure='Offered']")).ToHaveTextAsync("1");
        Assert.EndsWith("by=mrd", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(chromium.Errors, e => !e.Contains("404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_phone_the_volume_chart_opens_on_the_days_first_tasks_or_for_today_on_the_current_hour()
    {
        // Tasks at 02:00 and 22:00 on the 30th, and at 14:00 on the 31st (UTC): on a phone the chart
        // shows about half the day, so midnight's end shows neither 22:00 nor 14:00.
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 2, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await GivesUp(server, time);
        time.SetUtcNow(new DateTimeOffset(2024, 1, 30, 22, 0, 0, TimeSpan.Zero));
        await GivesUp(server, time);
        time.SetUtcNow(new DateTimeOffset(2024, 1, 31, 14, 0, 0, TimeSpan.Zero));
        await GivesUp(server, time);

        await using var chromium = await HeadlessChromium.Open("UTC");
        var page = chromium.Page;
        await page.SetViewportSizeAsync(375, 800);
        var box = page.Locator("#volumeChart");
        async Task<bool> InView(ILocator bar) => await bar.EvaluateAsync<bool>("""
            (e, box) => { const b = box.getBoundingClientRect(), r = e.getBoundingClientRect(); return r.left >= b.left && r.right <= b.right; }
            """, await box.ElementHandleAsync());

        // Today, late in the evening: the current hour's tasks, not the night's.
        await page.Clock.SetFixedTimeAsync(new DateTime(2024, 1, 30, 22, 40, 0, DateTimeKind.Utc));
        await SignIn(page, server);
        var late = page.Locator("svg.volume rect.offered[data-start^='2024-01-30T22:00']");
        await Assertions.Expect(late).ToHaveCountAsync(1);
        Assert.True(await box.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the volume chart fits the phone: nothing to scroll");
        Assert.True(await InView(late), "today's 22:00 bar is scrolled out of view");

        // A day gone by: its first tasks.
        await page.Clock.SetFixedTimeAsync(new DateTime(2024, 2, 1, 10, 0, 0, DateTimeKind.Utc));
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/reports?day=2024-01-31").ToString());
        var afternoon = page.Locator("svg.volume rect.offered[data-start^='2024-01-31T14:00']");
        await Assertions.Expect(afternoon).ToHaveCountAsync(1);
        Assert.True(await InView(afternoon), "the day's first bar, at 14:00, is scrolled out of view");
        Assert.Empty(chromium.Errors);
    }
}
