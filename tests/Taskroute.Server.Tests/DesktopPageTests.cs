using System.Text;
using System.Xml.Linq;
using Microsoft.Playwright;

namespace Taskroute.Server.Tests;

/// <summary>The agent desktop in a real browser: Debian's Chromium, headless, driven by Playwright.</summary>
public class DesktopPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_agent_signs_in_goes_ready_sees_a_task_arrive_live_and_works_it_to_handled()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed (.ci/run installs Debian's chromium)");
        await using var server = await TestServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        page.PageError += (_, error) => consoleErrors.Add(error);
        page.SetDefaultTimeout(15_000);

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/desktop").ToString());
        await page.GetByLabel("Login id").FillAsync("1080");
        await page.GetByLabel("Password").FillAsync("lab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var taskRow = page.Locator("tr[data-mrd='5011']");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign in to Cumulus_Task" }).ClickAsync();
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Ready in Cumulus_Task", Exact = true }).ClickAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        // The page works over the agent channel (a WebSocket opened with a ticket), not a request per step.
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");

        // A task submitted through the Task API appears without a reload.
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name>Ann Smith</name><title>Refund request</title><variables><variable><name>cv_1</name><value>gold</value></variable></variables></Task>", Encoding.UTF8, "application/xml"))).Headers.Location!;
        var card = page.Locator("article.dialog");
        await Assertions.Expect(card).ToContainTextAsync("Refund request");
        await Assertions.Expect(card).ToContainTextAsync("gold");

        await card.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACCEPTED");
        await card.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("ACTIVE");
        // Not ready while working: shown pending, and taken when the task ends.
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Not ready in Cumulus_Task" }).ClickAsync();
        await Assertions.Expect(taskRow.Locator(".pending")).ToContainTextAsync("then not ready");
        await card.GetByRole(AriaRole.Button, new() { Name = "End" }).ClickAsync();
        await Assertions.Expect(page.Locator("article.dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT READY");
        await Assertions.Expect(taskRow.Locator(".pending")).ToHaveCountAsync(0);

        var status = XElement.Parse(await server.Client.GetStringAsync(location.PathAndQuery)).Element("status")!.Value;
        Assert.Equal("handled", status);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "taskroute-desktop.png") });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_wrong_password_is_said_plainly()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed (.ci/run installs Debian's chromium)");
        await using var server = await TestServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/desktop").ToString());
        await page.GetByLabel("Login id").FillAsync("1080");
        await page.GetByLabel("Password").FillAsync("wrong");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#signinError")).ToHaveTextAsync("Wrong login id or password.");

        // Five in a row lock the login id out; the page says for how long, not that the password is wrong.
        for (var i = 2; i <= 5; i++)
        {
            await page.Locator("#signinError").EvaluateAsync("e => e.textContent = ''");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#signinError")).Not.ToBeEmptyAsync();
        }
        await page.GetByLabel("Password").FillAsync("lab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#signinError")).ToContainTextAsync("5 failed sign-ins in a row: this user may sign in again in 5 min");
    }

    [Fact]
    public async Task A_desktop_whose_sign_in_the_server_stops_taking_says_it_is_signed_out_instead_of_live()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        var taskRow = page.Locator("tr[data-mrd='5011']");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign in to Cumulus_Task" }).ClickAsync();
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Ready in Cumulus_Task", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");

        // Five wrong passwords from the desktop's own address lock its login id out there.
        for (var i = 1; i <= 5; i++)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080");
            guess.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:guess" + i)));
            await server.Client.SendAsync(guess);
        }
        // The next update's refresh is refused: the page says so rather than showing a live desktop without the task.
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann</name><title>Refund</title></Task>", Encoding.UTF8, "application/xml"));
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("signed out: sign-in refused: 5 failed sign-ins in a row");
    }

    // Opens the desktop and signs in from the keyboard, with the lab's password.
    private static async Task SignIn(IPage page, TestServer server, string user)
    {
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/desktop").ToString());
        await page.GetByLabel("Login id").FillAsync(user);
        await page.GetByLabel("Password").FillAsync("lab");
        await page.Keyboard.PressAsync("Enter");
    }

    [Fact]
    public async Task Live_updates_keep_the_agents_choices_and_keyboard_place_and_a_reload_keeps_the_sign_in()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        var taskRow = page.Locator("tr[data-mrd='5011']");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign in to Cumulus_Task" }).ClickAsync();
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");

        // A reason chosen before an update is still the one chosen after it.
        await taskRow.GetByLabel("Not ready reason for Cumulus_Task").SelectOptionAsync("4");
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5012", new { state = "LOGIN" });
        await Assertions.Expect(page.Locator("tr[data-mrd='5012'] .state")).ToHaveTextAsync("NOT READY");
        await Assertions.Expect(taskRow.GetByLabel("Not ready reason for Cumulus_Task")).ToHaveValueAsync("4");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Not ready in Cumulus_Task" }).ClickAsync();
        await Assertions.Expect(taskRow).ToContainTextAsync("Training");

        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Ready in Cumulus_Task", Exact = true }).ClickAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann Smith</name><title>Refund request</title></Task>", Encoding.UTF8, "application/xml"));
        var card = page.Locator("article.dialog");
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("OFFERED");
        // Said to screen readers; and an offered task cannot be ended, only accepted.
        await Assertions.Expect(page.Locator("#announce")).ToHaveTextAsync("Task offered: Refund request, Ann Smith.");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "End Refund request" })).ToHaveCountAsync(0);

        // Keyboard only: the place moves to the task's next step as the card is redrawn.
        await card.GetByRole(AriaRole.Button, new() { Name = "Accept Refund request" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACCEPTED");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Start Refund request" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACTIVE");

        // Typing a transfer survives an update that redraws the card.
        var transfer = card.GetByLabel("Transfer to script selector");
        // The box offers the configured script selectors.
        await Assertions.Expect(page.Locator("#transferTargets option[value='CumulusChat']")).ToHaveCountAsync(1);
        await transfer.FillAsync("Cumulus");
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5012", new { state = "LOGOUT" });
        await Assertions.Expect(page.Locator("tr[data-mrd='5012'] .state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(transfer).ToHaveValueAsync("Cumulus");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("article.dialog .state")).ToHaveTextAsync("ACTIVE");
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_task_interrupted_by_an_email_shows_on_hold_without_steps_and_comes_back_live_when_the_email_ends()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");
        // Task MRD 5011 is interruptible and the page signs in accepting interruptions; email MRD 5013 is not.
        foreach (var (mrd, name) in new[] { (5011, "Cumulus_Task"), (5013, "Cumulus_Email") })
        {
            var row = page.Locator($"tr[data-mrd='{mrd}']");
            await row.GetByRole(AriaRole.Button, new() { Name = $"Sign in to {name}" }).ClickAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = $"Ready in {name}", Exact = true }).ClickAsync();
            await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        }

        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann Smith</name><title>Refund request</title></Task>", Encoding.UTF8, "application/xml"));
        var chat = page.Locator("article.dialog", new() { HasText = "Refund request" });
        await chat.GetByRole(AriaRole.Button, new() { Name = "Start Refund request" }).ClickAsync();
        await Assertions.Expect(chat.Locator(".state")).ToHaveTextAsync("ACTIVE");

        await server.Client.PostAsync("/ccp/task/feed/100002", new StringContent("<Task><name>Bo Lind</name><title>Invoice copy</title></Task>", Encoding.UTF8, "application/xml"));
        var email = page.Locator("article.dialog", new() { HasText = "Invoice copy" });
        await email.GetByRole(AriaRole.Button, new() { Name = "Start Invoice copy" }).ClickAsync();

        // The chat is on hold, said so, and offers no step the server would refuse.
        await Assertions.Expect(chat.Locator(".state")).ToHaveTextAsync("INTERRUPTED");
        await Assertions.Expect(chat).ToContainTextAsync("resumes when that task ends");
        await Assertions.Expect(chat.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await email.GetByRole(AriaRole.Button, new() { Name = "End Invoice copy" }).ClickAsync();
        await Assertions.Expect(chat.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await Assertions.Expect(chat.GetByRole(AriaRole.Button, new() { Name = "Pause Refund request" })).ToHaveCountAsync(1);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_supervisor_signing_in_to_the_desktop_is_told_it_is_for_agents()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "sup1");
        await Assertions.Expect(page.Locator("#signinError")).ToContainTextAsync("The desktop is for agents");
    }
}
