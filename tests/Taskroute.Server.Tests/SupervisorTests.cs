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
        await Assertions.Expect(waiting).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");

        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        await Assertions.Expect(waiting).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("LOGOUT");
        Assert.Contains("queued", await page.Locator("#taskStates").TextContentAsync());

        // Every change after the first shows too: an agent signing in, then taking the task.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("NOT READY");
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await Assertions.Expect(waiting).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("RESERVED");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");

        // A reload keeps the tab's sign-in.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-agent='1080']")).ToContainTextAsync("RESERVED");
        Assert.Empty(errors);
    }
}
