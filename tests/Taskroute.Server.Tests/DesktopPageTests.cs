using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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
        // An offer says by when to start it, before it rings out (the lab's 30 s), and counts down: by
        // the server's clock as the page makes it out from a Date header to the second, so up to 32.
        await Assertions.Expect(card.Locator(".startby")).ToHaveTextAsync(new Regex(@"^start by .+, ([0-9]|[12][0-9]|3[0-2]) s left$"));

        await card.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACCEPTED");
        await card.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await Assertions.Expect(card.Locator(".startby")).ToHaveCountAsync(0);
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
        var taskRow = await ReadyInCumulusTask(page, server, "1080");

        // Five wrong passwords in a row from the desktop's own address lock its login id out there. The
        // page's own refreshes sign in rightly and start the count over, so guess until the lock holds.
        var lockout = server.App.Services.GetRequiredService<Taskroute.Server.Accounts.AccountStore>().Lockout!;
        for (var i = 1; lockout.Remaining(Taskroute.Server.Accounts.SignInLockout.Key("1080", "127.0.0.1")) is null; i++)
        {
            Assert.True(i <= 100, "the login id was never locked out");
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agents/1080");
            guess.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:guess" + i)));
            await server.Client.SendAsync(guess);
        }
        // The next update's refresh is refused: the page says so rather than showing a live desktop without the task.
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann</name><title>Refund</title></Task>", Encoding.UTF8, "application/xml"));
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("signed out: sign-in refused: 5 failed sign-ins in a row");
    }

    // Signs in, then in to Cumulus_Task and Ready there, the channel open: the Cumulus_Task row.
    private static async Task<ILocator> ReadyInCumulusTask(IPage page, TestServer server, string user)
    {
        var taskRow = await SignedInToCumulusTask(page, server, user);
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Ready in Cumulus_Task", Exact = true }).ClickAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");
        return taskRow;
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
        var transfer = card.GetByLabel("Transfer Refund request to script selector");
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
        await Settled(page);
        // Task MRD 5011 is interruptible and the page signs in accepting interruptions; email MRD 5013 is not.
        foreach (var (mrd, name) in new[] { (5011, "Cumulus_Task"), (5013, "Cumulus_Email") })
        {
            var row = page.Locator($"tr[data-mrd='{mrd}']");
            await row.GetByRole(AriaRole.Button, new() { Name = $"Sign in to {name}" }).ClickAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = $"Ready in {name}", Exact = true }).ClickAsync();
            await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        }

        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann Smith</name><title>Refund request</title></Task>", Encoding.UTF8, "application/xml"));
        // By its heading: the email's card names this task too, as the one its Start puts on hold.
        var chat = page.Locator("article.dialog", new() { Has = page.Locator("h3", new() { HasText = "Refund request" }) });
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

    // Submits a task through the CCP Task API to the feed given.
    private static async Task Submit(TestServer server, int feed, string name, string title) =>
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync($"/ccp/task/feed/{feed}",
            new StringContent($"<Task><name>{name}</name><title>{title}</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);

    private static async Task<JsonElement> Dialogs(TestServer server, string login) =>
        await (await server.SendAs(login, HttpMethod.Get, $"/api/v1/agents/{login}/dialogs")).Content.ReadFromJsonAsync<JsonElement>();

    // Takes the agent's dialog with the title given through the steps given, as another desktop of the agent's would.
    private static async Task Step(TestServer server, string login, string title, params string[] actions)
    {
        var id = (await Dialogs(server, login)).EnumerateArray().Single(d => d.GetProperty("title").GetString() == title).GetProperty("id").GetString();
        foreach (var action in actions)
            Assert.Equal(HttpStatusCode.OK, (await server.SendAs(login, HttpMethod.Put, "/api/v1/dialogs/" + id, new { action })).StatusCode);
    }

    [Fact]
    public async Task Signing_out_while_holding_tasks_first_says_which_are_closed_transferred_or_requeued_and_staying_keeps_them()
    {
        await using var server = await TestServer.StartAsync();
        // Agent 1083 signed in to the task MRD as the page does (its tasks closed on sign-out), and to
        // email with its tasks transferred on sign-out; it holds a paused and an accepted task, and a started email.
        await server.SendAs("1083", HttpMethod.Put, "/api/v1/agents/1083/media/5011", new { state = "LOGIN", interruptAction = "IGNORE" });
        await server.SendAs("1083", HttpMethod.Put, "/api/v1/agents/1083/media/5011", new { state = "READY" });
        await server.SendAs("1083", HttpMethod.Put, "/api/v1/agents/1083/media/5013", new { state = "LOGIN", dialogLogoutAction = "TRANSFER" });
        await server.SendAs("1083", HttpMethod.Put, "/api/v1/agents/1083/media/5013", new { state = "READY" });
        await Submit(server, 100000, "Ann Smith", "Refund request");
        await Submit(server, 100000, "Cy Berg", "Address change");
        await Submit(server, 100002, "Bo Lind", "Invoice copy");
        await Step(server, "1083", "Refund request", "ACCEPT", "START", "PAUSE");
        await Step(server, "1083", "Address change", "ACCEPT");
        await Step(server, "1083", "Invoice copy", "ACCEPT", "START");

        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1083");
        await Assertions.Expect(page.Locator("article.dialog")).ToHaveCountAsync(3);

        var signOut = page.Locator("#signOutAll");
        await signOut.ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign out with 3 tasks held?" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(confirm).ToContainTextAsync(
            "You hold 3 tasks. Signing out closes 1, ending its work; transfers 1 to be routed to another agent; and puts 1 back in the queue, not started yet.");
        await Assertions.Expect(confirm.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Refund request" })).ToContainTextAsync("(paused): closed");
        await Assertions.Expect(confirm.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Invoice copy" })).ToContainTextAsync("(active): transferred to another agent");
        await Assertions.Expect(confirm.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Address change" })).ToContainTextAsync("(accepted): back to the queue");
        // The safe answer has the keyboard; Escape, like it, keeps everything.
        await Assertions.Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("article.dialog")).ToHaveCountAsync(3);
        Assert.Equal(3, (await Dialogs(server, "1083")).GetArrayLength());

        await signOut.ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        var agent = await (await server.SendAs("1083", HttpMethod.Get, "/api/v1/agents/1083")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(agent.GetProperty("media").EnumerateArray(), m => Assert.Equal("LOGOUT", m.GetProperty("state").GetString()));
        Assert.Equal(0, (await Dialogs(server, "1083")).GetArrayLength());
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Signing_out_of_one_MRD_asks_first_only_while_holding_a_task_in_that_MRD_and_staying_keeps_it()
    {
        await using var server = await TestServer.StartAsync();
        // Agent 1080 signed in to the task MRD as the page does (its tasks closed on sign-out), to email
        // and to chat; it holds a started task and a started email, and nothing in chat.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN", interruptAction = "IGNORE" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5013", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5013", new { state = "READY" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5012", new { state = "LOGIN" });
        await Submit(server, 100000, "Ann Smith", "Refund request");
        await Submit(server, 100002, "Bo Lind", "Invoice copy");
        await Step(server, "1080", "Refund request", "ACCEPT", "START");
        await Step(server, "1080", "Invoice copy", "ACCEPT", "START");

        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        await Assertions.Expect(page.Locator("article.dialog")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");
        var confirm = page.Locator("#signOutDialog");

        // No task held in chat: its Sign out signs out at once, though the agent holds tasks elsewhere.
        var chatRow = page.Locator("tr[data-mrd='5012']");
        await chatRow.GetByRole(AriaRole.Button, new() { Name = "Sign out of Cumulus_Chat" }).ClickAsync();
        await Assertions.Expect(chatRow.Locator(".state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(confirm).ToBeHiddenAsync();

        // A task held in Cumulus_Task: its Sign out asks first, of that task alone.
        var taskRow = page.Locator("tr[data-mrd='5011']");
        var signOut = taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign out of Cumulus_Task" });
        await signOut.ClickAsync();
        var asking = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign out of Cumulus_Task with 1 task held?" });
        await Assertions.Expect(asking).ToBeVisibleAsync();
        await Assertions.Expect(asking).ToContainTextAsync("You hold 1 task in Cumulus_Task. Signing out of Cumulus_Task closes it, ending its work.");
        await Assertions.Expect(asking.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Assertions.Expect(asking.GetByRole(AriaRole.Listitem)).ToContainTextAsync("Refund request — Ann Smith (active): closed");
        await Assertions.Expect(asking.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToBeFocusedAsync();

        // Staying keeps the sign-in and the task; the keyboard goes back to the row's Sign out, even
        // when an update redrew the row while the agent was asked.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5012", new { state = "LOGIN" });
        await Assertions.Expect(chatRow.Locator(".state")).ToHaveTextAsync("NOT READY");
        await asking.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" }).ClickAsync();
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await Assertions.Expect(signOut).ToBeFocusedAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("ACTIVE");
        Assert.Equal(2, (await Dialogs(server, "1080")).GetArrayLength());
        // Escape stays too.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(asking).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("ACTIVE");
        Assert.Equal("ACTIVE", (await Media(server, "1080", 5011)).GetProperty("state").GetString());

        // Confirmed: signed out of Cumulus_Task, its task closed; the email and its MRD are as they were.
        await signOut.ClickAsync();
        await asking.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(page.Locator("article.dialog")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("article.dialog")).ToContainTextAsync("Invoice copy");
        Assert.Equal("LOGOUT", (await Media(server, "1080", 5011)).GetProperty("state").GetString());
        Assert.Equal("ACTIVE", (await Media(server, "1080", 5013)).GetProperty("state").GetString());
        Assert.Equal("Invoice copy", Assert.Single((await Dialogs(server, "1080")).EnumerateArray()).GetProperty("title").GetString());
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
        Assert.Empty(chromium.Errors);
    }

    private static async Task<JsonElement> Media(TestServer server, string login, int mrd) =>
        (await (await server.SendAs(login, HttpMethod.Get, $"/api/v1/agents/{login}")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == mrd);

    [Fact]
    public async Task A_task_left_to_ring_out_is_said_to_have_gone_back_to_the_queue_in_place_of_its_offer_and_an_old_error()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        var taskRow = await ReadyInCumulusTask(page, server, "1080");

        // One task worked, with a transfer the server refused: its error is on the page.
        await Submit(server, 100000, "Ann Smith", "Refund request");
        var worked = page.Locator("article.dialog", new() { HasText = "Refund request" });
        await worked.GetByRole(AriaRole.Button, new() { Name = "Start Refund request" }).ClickAsync();
        await Assertions.Expect(worked.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await worked.GetByLabel("Transfer Refund request to script selector").FillAsync("Nowhere");
        await worked.GetByRole(AriaRole.Button, new() { Name = "Transfer Refund request", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#dialogError")).Not.ToBeEmptyAsync();

        // A second one is offered, and left to ring past the MRD's 30 s.
        await Submit(server, 100000, "Bo Lind", "Invoice copy");
        await Assertions.Expect(page.Locator("article.dialog", new() { HasText = "Invoice copy" }).Locator(".state")).ToHaveTextAsync("OFFERED");
        await Assertions.Expect(page.Locator("#announce")).ToHaveTextAsync("Task offered: Invoice copy, Bo Lind.");
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0);

        var notice = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(notice).ToHaveTextAsync(
            "Task Invoice copy (Bo Lind) was not started in time and went back to the queue; you are not routable in Cumulus_Task until you choose to be (Make routable).");
        await Assertions.Expect(page.Locator("article.dialog", new() { HasText = "Invoice copy" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#dialogError")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#announce")).ToBeEmptyAsync();

        // Routable again by choice: the notice has done its work, and the task comes back.
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Make routable in Cumulus_Task" }).ClickAsync();
        await Assertions.Expect(notice).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#announce")).ToHaveTextAsync("Task offered: Invoice copy, Bo Lind.");
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_desktop_on_the_event_stream_shows_a_task_offered_while_its_stream_was_down_once_it_reconnects()
    {
        await using var server = await TestServer.StartAsync();
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        // The page's clock is the test's, and WebSockets do not get through (a proxy drops them): after
        // three failed opens the page keeps to the event stream.
        await page.Clock.InstallAsync();
        await page.AddInitScriptAsync("""
            window.WebSocket = class { static OPEN = 1; constructor() { this.readyState = 3; queueMicrotask(() => this.onclose && this.onclose({})); } send() { } close() { } };
            """);
        // The first stream ends as soon as it opened, as a proxy that cuts it would.
        var streams = 0;
        await page.RouteAsync("**/api/v1/agents/1080/events", async route =>
        {
            if (Interlocked.Increment(ref streams) == 1)
                await route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = "event: hello\ndata: {\"type\":\"hello\"}\n\n" });
            else
                await route.ContinueAsync();
        });

        var firstStream = page.WaitForRequestFinishedAsync(new() { Predicate = request => request.Url.EndsWith("/events", StringComparison.Ordinal) });
        await SignIn(page, server, "1080");
        await Assertions.Expect(page.Locator("tr[data-mrd='5011'] .state")).ToHaveTextAsync("NOT ACTIVE");
        // The channel is tried again after 4 s and 8 s.
        for (var failed = 1; failed <= 2; failed++)
        {
            await page.WaitForFunctionAsync($"() => failures === {failed}");
            await page.Clock.RunForAsync(2_000 * (1 << failed));
        }
        await firstStream;
        await page.WaitForFunctionAsync("() => refreshing === null && document.getElementById('live').textContent === 'reconnecting…'");

        // While the stream is down a task is offered to the agent; the page reconnects 2 s later.
        await Submit(server, 100000, "Ann Smith", "Refund request");
        await page.Clock.RunForAsync(2_000);
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live (event stream)");
        await Assertions.Expect(page.Locator("article.dialog .state")).ToHaveTextAsync("OFFERED");
        Assert.Equal(2, streams);
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
    [Fact]
    public async Task On_a_phone_each_MRDs_buttons_show_beside_its_name_and_a_long_word_in_a_task_wraps_inside_its_card()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.SetViewportSizeAsync(375, 800);
        await SignIn(page, server, "1080");
        // The keyboard's place, lost with the sign-in form, goes to the first MRD's first button.
        await Assertions.Expect(page.Locator("#mediaRows button").First).ToBeFocusedAsync();
        // The live indicator is said to screen readers as it changes.
        await Assertions.Expect(page.Locator("#live")).ToHaveAttributeAsync("aria-live", "polite");

        foreach (var (mrd, name) in new[] { ("5011", "Cumulus_Task"), ("5012", "Cumulus_Chat") })
        {
            await page.Locator($"tr[data-mrd='{mrd}']").GetByRole(AriaRole.Button, new() { Name = $"Sign in to {name}" }).ClickAsync();
            await Assertions.Expect(page.Locator($"tr[data-mrd='{mrd}'] .state")).ToHaveTextAsync("NOT READY");
        }
        foreach (var (mrd, name) in new[] { ("5011", "Cumulus_Task"), ("5012", "Cumulus_Chat") })
        {
            var row = page.Locator($"tr[data-mrd='{mrd}']");
            await InWindow(page, row.Locator("td.name"));
            foreach (var button in new[] { $"Ready in {name}", $"Not ready in {name}", $"Sign out of {name}" })
                await InWindow(page, row.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }));
        }

        // A description that is one long word, a title almost as long: the card keeps to the window.
        await page.Locator("tr[data-mrd='5011']").GetByRole(AriaRole.Button, new() { Name = "Ready in Cumulus_Task", Exact = true }).ClickAsync();
        await server.Client.PostAsync("/api/v1/tasks", System.Net.Http.Json.JsonContent.Create(new
        {
            name = "Eve", title = "Transfer me please with a very long title that goes on and on", scriptSelector = "CumulusTask", description = new string('x', 200),
        }));
        var card = page.Locator("article.dialog");
        await card.GetByRole(AriaRole.Button, new() { Name = "Start Transfer me please", Exact = false }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await card.GetByRole(AriaRole.Button, new() { Name = "Transfer Transfer me please with a very long title that goes on and on", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#dialogError")).Not.ToBeEmptyAsync();
        await InWindow(page, card.Locator("h3"));
        await InWindow(page, card.GetByRole(AriaRole.Button, new() { Name = "Wrap up Transfer me please with a very long title that goes on and on", Exact = true }));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the desktop is wider than the phone's window");

        // Wrapping up reads as the media table writes it.
        await card.GetByRole(AriaRole.Button, new() { Name = "Wrap up Transfer me please with a very long title that goes on and on", Exact = true }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("WRAPPING UP");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "taskroute-desktop-375.png"), FullPage = true });
        Assert.Empty(chromium.Errors);
    }

    // Asserts the element is wholly inside the window's width, where the user sees it without scrolling sideways.
    private static async Task InWindow(IPage page, ILocator element)
    {
        for (var look = 1; ; look++)
        {
            await Assertions.Expect(element).ToBeVisibleAsync();
            // A live update may redraw the row between the two looks (under CI's load it did, and the
            // box read came back empty): then the twin drawn in its place is looked at.
            if (await element.BoundingBoxAsync() is not { } box)
            {
                Assert.True(look < 5, "the element was redrawn at every look");
                continue;
            }
            var width = await page.EvaluateAsync<double>("window.innerWidth");
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{await element.TextContentAsync()} spans {box.X} to {box.X + box.Width} in a window {width} px wide");
            return;
        }
    }

    [Fact]
    public async Task A_step_taken_while_the_server_cannot_be_reached_says_so_plainly_until_the_page_is_live_again()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        // The page's clock is the test's: it reconnects when the test says.
        await page.Clock.InstallAsync();
        var taskRow = await ReadyInCumulusTask(page, server, "1080");

        // The channel drops and the server does not answer: a step then goes through the REST API, and fails.
        await page.RouteAsync("**/api/v1/agents/1080/media/5011", route => route.AbortAsync("connectionrefused"));
        await page.EvaluateAsync("() => channel.close()");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("reconnecting…");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Not ready in Cumulus_Task" }).ClickAsync();
        await Assertions.Expect(page.Locator("#mediaError")).ToHaveTextAsync("The server cannot be reached; try again.");

        // The server answers again; 2 s on the page reconnects, and the message has done its work.
        await page.UnrouteAllAsync();
        await page.Clock.RunForAsync(2_000);
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● live");
        await Assertions.Expect(page.Locator("#mediaError")).ToBeEmptyAsync();
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
    }

    [Fact]
    public async Task A_new_offer_counts_in_the_tabs_title_and_on_a_phone_is_brought_into_sight_without_taking_the_keyboard()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.SetViewportSizeAsync(375, 667);
        var taskRow = await ReadyInCumulusTask(page, server, "1080");
        var notReady = taskRow.GetByRole(AriaRole.Button, new() { Name = "Not ready in Cumulus_Task" });
        await notReady.FocusAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Assertions.Expect(page).ToHaveTitleAsync("Taskroute desktop");

        await Submit(server, 100000, "Ann Smith", "Refund request");
        var card = page.Locator("article.dialog", new() { HasText = "Refund request" });
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("OFFERED");
        await Assertions.Expect(page).ToHaveTitleAsync("(1) Taskroute desktop");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Accept Refund request" })).ToBeInViewportAsync();
        // Only the view moved: the keyboard is where the agent left it.
        await Assertions.Expect(notReady).ToBeFocusedAsync();

        // Started, the task is no longer an offer; the agent types a transfer in its card when another is offered.
        await card.GetByRole(AriaRole.Button, new() { Name = "Start Refund request" }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACTIVE");
        await Assertions.Expect(page).ToHaveTitleAsync("Taskroute desktop");
        var transfer = card.GetByLabel("Transfer Refund request to script selector");
        await transfer.FillAsync("Cumulus");
        await Submit(server, 100000, "Bo Lind", "Invoice copy");
        await Assertions.Expect(page.Locator("article.dialog", new() { HasText = "Invoice copy" }).Locator(".state")).ToHaveTextAsync("OFFERED");
        await Assertions.Expect(page).ToHaveTitleAsync("(1) Taskroute desktop");
        await Assertions.Expect(transfer).ToBeFocusedAsync();
        await Assertions.Expect(transfer).ToHaveValueAsync("Cumulus");
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Going_ready_from_the_keyboard_leaves_the_keyboard_on_the_rows_next_button_once_Ready_is_disabled()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        var taskRow = page.Locator("tr[data-mrd='5011']");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign in to Cumulus_Task" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT READY");
        var ready = taskRow.GetByRole(AriaRole.Button, new() { Name = "Ready in Cumulus_Task", Exact = true });
        await Assertions.Expect(ready).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await Assertions.Expect(ready).ToBeDisabledAsync();
        // Not the page's body: the keyboard is in the row still, on its first button that works.
        await Assertions.Expect(taskRow.GetByRole(AriaRole.Button, new() { Name = "Not ready in Cumulus_Task" })).ToBeFocusedAsync();
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task An_agent_signed_in_to_the_desktop_is_shown_no_links_to_pages_for_supervisors()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/desktop").ToString());
        // Before anyone signs in, a supervisor who came here finds the way on.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Supervisor" })).ToBeVisibleAsync();

        await ReadyInCumulusTask(page, server, "1080");
        await Submit(server, 100000, "Ann Smith", "Refund request");
        var card = page.Locator("article.dialog");
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("OFFERED");
        // The trace and supervisor pages refuse agents: no link there leads anywhere but a refusal.
        await Assertions.Expect(page.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_refused_transfer_is_said_in_the_agents_words_and_tasks_rung_out_together_say_once_that_the_agent_is_not_routable()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await ReadyInCumulusTask(page, server, "1080");

        await Submit(server, 100000, "Ann Smith", "Refund request");
        var worked = page.Locator("article.dialog", new() { HasText = "Refund request" });
        await worked.GetByRole(AriaRole.Button, new() { Name = "Start Refund request" }).ClickAsync();
        await Assertions.Expect(worked.Locator(".state")).ToHaveTextAsync("ACTIVE");
        var transfer = worked.GetByRole(AriaRole.Button, new() { Name = "Transfer Refund request", Exact = true });
        await transfer.ClickAsync();
        await Assertions.Expect(page.Locator("#dialogError")).ToHaveTextAsync("Type the script selector to transfer to.");
        await worked.GetByLabel("Transfer Refund request to script selector").FillAsync("NoSuchSelector");
        await transfer.ClickAsync();
        await Assertions.Expect(page.Locator("#dialogError")).ToHaveTextAsync("There is no script selector 'NoSuchSelector'.");

        // Two more offered, both left to ring past the MRD's 30 s.
        await Submit(server, 100000, "Bo Lind", "Invoice copy");
        await Submit(server, 100000, "Cy Berg", "Address change");
        await Assertions.Expect(page.Locator("article.dialog.OFFERED")).ToHaveCountAsync(2);
        await Assertions.Expect(page).ToHaveTitleAsync("(2) Taskroute desktop");
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0);

        var notice = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(notice).ToContainTextAsync("Invoice copy (Bo Lind)");
        await Assertions.Expect(notice).ToContainTextAsync("Address change (Cy Berg)");
        await Assertions.Expect(notice).ToContainTextAsync("were not started in time and went back to the queue; you are not routable in Cumulus_Task until you choose to be (Make routable).");
        var text = await notice.TextContentAsync() ?? "";
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "not routable"));
        await Assertions.Expect(page).ToHaveTitleAsync("Taskroute desktop");
        Assert.Empty(chromium.Errors);
    }

    [Theory]
    [InlineData("/desktop", "Login id")]
    [InlineData("/supervisor", "User")]
    public async Task A_form_controls_edge_and_the_keyboards_focus_ring_stand_out_from_the_page_at_3_to_1(string path, string field)
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, path).ToString());
        var input = page.GetByLabel(field);
        await input.FocusAsync();
        // WCAG's contrast ratio of a computed colour against the white of the card the control sits on.
        const string contrast = """
            (e, property) => {
                const [r, g, b] = getComputedStyle(e)[property].match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
                const l = [r, g, b].map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
                const lum = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
                return 1.05 / (lum + 0.05);
            }
            """;
        Assert.True(await input.EvaluateAsync<double>(contrast, "borderTopColor") >= 3, "the input's edge is too faint");
        Assert.True(await input.EvaluateAsync<double>(contrast, "outlineColor") >= 3, "the focus ring is too faint");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });
        await Assertions.Expect(button).ToBeFocusedAsync();
        Assert.True(await button.EvaluateAsync<double>(contrast, "outlineColor") >= 3, "the button's focus ring is too faint");
    }

    [Fact]
    public async Task The_not_ready_reasons_offered_are_the_configurations_and_the_chosen_ones_label_is_shown()
    {
        await using var server = await StartOnTheExample();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        var taskRow = await SignedInToCumulusTask(page, server, "1080");
        var reasons = taskRow.GetByLabel("Not ready reason for Cumulus_Task");
        // The example file's five, the fifth of which the lab does not have.
        await Assertions.Expect(reasons.Locator("option")).ToHaveTextAsync(["Break", "Lunch", "Meeting", "Training", "Coaching"]);
        await reasons.SelectOptionAsync("5");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Not ready in Cumulus_Task" }).ClickAsync();
        // The state cell, not the list beside it, which names every reason.
        await Assertions.Expect(taskRow.Locator("td[data-label='State']")).ToContainTextAsync("Coaching");
        Assert.Equal(5, (await Media(server, "1080", 5011)).GetProperty("reasonCode").GetInt32());
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Where_sign_out_reasons_are_configured_signing_out_asks_for_one_even_holding_no_task_and_sends_it()
    {
        await using var server = await StartOnTheExample();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        var taskRow = await SignedInToCumulusTask(page, server, "1080");
        await Assertions.Expect(taskRow.Locator("td[data-label='State']")).ToContainTextAsync("NOT READY");

        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign out of Cumulus_Task" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("You hold no task in Cumulus_Task.");
        // The example file's one sign-out reason.
        await Assertions.Expect(dialog.GetByLabel("Reason for signing out").Locator("option")).ToHaveTextAsync(["End of shift"]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        Assert.Equal("NOT_READY", (await Media(server, "1080", 5011)).GetProperty("state").GetString());

        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign out of Cumulus_Task" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Assertions.Expect(taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign in to Cumulus_Task" })).ToBeVisibleAsync();
        var media = await Media(server, "1080", 5011);
        Assert.Equal("LOGOUT", media.GetProperty("state").GetString());
        // The server takes no code but the configured ones and 0: the page sent the one chosen.
        Assert.Equal(20, media.GetProperty("reasonCode").GetInt32());
        Assert.Empty(chromium.Errors);
    }

    // A server on the example configuration file, which lists reason codes (the lab lists none).
    private static async Task<TestServer> StartOnTheExample()
    {
        var (routing, configured) = Taskroute.Server.Configuration.ConfigurationFile.LoadWithAccounts(ConfigurationFileTests.Example);
        return await TestServer.StartAsync(configuration: routing, accounts: Taskroute.Server.Accounts.AccountStore.From(configured));
    }

    // The agent signed in to the page and to Cumulus_Task; answers that MRD's row.
    private static async Task<ILocator> SignedInToCumulusTask(IPage page, TestServer server, string user)
    {
        await SignIn(page, server, user);
        await Settled(page);
        var taskRow = page.Locator("tr[data-mrd='5011']");
        await taskRow.GetByRole(AriaRole.Button, new() { Name = "Sign in to Cumulus_Task" }).ClickAsync();
        return taskRow;
    }

    [Fact]
    public async Task A_right_to_left_override_in_a_title_cannot_reorder_the_name_after_it_and_a_description_keeps_its_line_breaks()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await ReadyInCumulusTask(page, server, "1080");
        var body = JsonSerializer.Serialize(new { name = "Bob Smith", title = "Refund \u202eorder 1234", description = "Dear team,\n\nOrder 1234:\n- item A\n- item B", scriptSelector = "CumulusTask" });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/v1/tasks", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        var card = page.Locator("article.dialog");
        await Assertions.Expect(card.Locator("h3")).ToContainTextAsync("Bob Smith");
        // Measured in one go on the card as drawn now: a redraw between finding an element and measuring
        // it would measure a detached one, all zeros.
        var box = await page.EvaluateAsync<double[]>(@"() => {
            const h = document.querySelector('article.dialog h3'), [t, n] = h.querySelectorAll('h3 > :first-child, .meta > :first-child');
            const p = document.querySelector('article.dialog .description');
            return [t.getBoundingClientRect().right, n.getBoundingClientRect().left, Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight))];
        }");
        // Left to itself the override ran to the end of the heading, drawing the name reversed and to the title's left.
        Assert.True(box[0] > 0 && box[1] >= box[0], $"the name starts at {box[1]}, left of the title's end at {box[0]}");
        // The description on five lines, not run together on one.
        Assert.Equal(5, box[2]);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Ending_a_task_accepted_but_not_started_asks_first_and_only_the_agents_yes_ends_it_unserved_while_a_started_task_ends_in_one_click()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await ReadyInCumulusTask(page, server, "1080");
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name>Ann Smith</name><title>Refund request</title></Task>", Encoding.UTF8, "application/xml"))).Headers.Location!;
        var card = page.Locator("article.dialog", new() { HasText = "Refund request" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Accept Refund request" }).ClickAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACCEPTED");

        var end = card.GetByRole(AriaRole.Button, new() { Name = "End Refund request" });
        await end.ClickAsync();
        var asking = page.GetByRole(AriaRole.Dialog, new() { Name = "End Refund request without starting it?" });
        await Assertions.Expect(asking).ToBeVisibleAsync();
        // What the server does with a CLOSE before START, in the agent's words.
        await Assertions.Expect(asking).ToContainTextAsync("Ending it now ends the customer's task unserved: it does not go back to the queue, and no other agent is offered it.");
        // The safe answer has the keyboard; Escape, like it, keeps the task, and the keyboard goes back to End.
        await Assertions.Expect(asking.GetByRole(AriaRole.Button, new() { Name = "Keep the task" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(asking).ToBeHiddenAsync();
        await Assertions.Expect(end).ToBeFocusedAsync();
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("ACCEPTED");
        Assert.Equal("ACCEPTED", Assert.Single((await Dialogs(server, "1080")).EnumerateArray()).GetProperty("state").GetString());

        await page.Keyboard.PressAsync("Enter");
        await asking.GetByRole(AriaRole.Button, new() { Name = "Keep the task" }).ClickAsync();
        await Assertions.Expect(asking).ToBeHiddenAsync();
        await Assertions.Expect(end).ToBeFocusedAsync();
        Assert.Equal(1, (await Dialogs(server, "1080")).GetArrayLength());

        // Confirmed: the task ends, discarded rather than handled or queued again, as the question said.
        await end.ClickAsync();
        await asking.GetByRole(AriaRole.Button, new() { Name = "End the task" }).ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        Assert.Equal("discarded", XElement.Parse(await server.Client.GetStringAsync(location.PathAndQuery)).Element("status")!.Value);

        // Started by the agent's other desktop while the question is open, the task is no longer what
        // it asks about: the question goes, and a started task's End is the agent's work done, one click.
        await Submit(server, 100000, "Bo Lind", "Invoice copy");
        var started = page.Locator("article.dialog", new() { HasText = "Invoice copy" });
        await started.GetByRole(AriaRole.Button, new() { Name = "Accept Invoice copy" }).ClickAsync();
        await Assertions.Expect(started.Locator(".state")).ToHaveTextAsync("ACCEPTED");
        await started.GetByRole(AriaRole.Button, new() { Name = "End Invoice copy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "End Invoice copy without starting it?" })).ToBeVisibleAsync();
        await Step(server, "1080", "Invoice copy", "START");
        await Assertions.Expect(page.Locator("#endDialog")).ToBeHiddenAsync();
        await Assertions.Expect(started.Locator(".state")).ToHaveTextAsync("ACTIVE");
        Assert.Equal("ACTIVE", Assert.Single((await Dialogs(server, "1080")).EnumerateArray()).GetProperty("state").GetString());
        await started.GetByRole(AriaRole.Button, new() { Name = "End Invoice copy" }).ClickAsync();
        await Assertions.Expect(started).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#endDialog")).ToBeHiddenAsync();
        Assert.Equal(0, (await Dialogs(server, "1080")).GetArrayLength());
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Leaving_the_page_while_holding_a_task_has_the_browser_ask_first_and_holding_none_it_leaves_at_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await ReadyInCumulusTask(page, server, "1080");
        await Submit(server, 100000, "Ann Smith", "Refund request");
        var card = page.Locator("article.dialog");
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("OFFERED");

        // Closing the tab asks through the same beforeunload as leaving the page does; but this
        // Chromium (Debian's 156, under Playwright 1.64) raises no dialog for a close with
        // RunBeforeUnload, not even on a bare page whose handler asks. Leaving the page it does.
        // The first question is the test's to answer; any later one is let through, so that a question
        // where there should be none fails the count below rather than holding the page.
        var asked = new TaskCompletionSource<IDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        var questions = 0;
        page.Dialog += async (_, dialog) =>
        {
            if (Interlocked.Increment(ref questions) == 1) asked.TrySetResult(dialog);
            else await dialog.AcceptAsync();
        };
        var leaving = page.EvaluateAsync("() => location.assign('about:blank')");
        var question = await asked.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(DialogType.BeforeUnload, question.Type);
        // The agent stays: the page and its task are as they were.
        await question.DismissAsync();
        await leaving;
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("OFFERED");
        Assert.EndsWith("/desktop", page.Url, StringComparison.Ordinal);

        // The task worked and ended, the agent holds nothing: the page goes without a question.
        await card.GetByRole(AriaRole.Button, new() { Name = "Start Refund request" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "End Refund request" }).ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => location.assign('about:blank')");
        await page.WaitForURLAsync("about:blank");
        Assert.Equal(1, questions);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_task_card_names_its_channel_queue_media_type_and_tags_and_keeps_the_task_id_apart_for_quoting()
    {
        await using var server = await TestServer.StartAsync();
        // Agent 1087 speaks Spanish with billing 8: Spanish_Chat's first step takes it. Cumulus_Task
        // routes through the skill group Cumulus_Task_SG.
        foreach (var mrd in new[] { 5011, 5012 })
        {
            await server.SendAs("1087", HttpMethod.Put, $"/api/v1/agents/1087/media/{mrd}", new { state = "LOGIN" });
            await server.SendAs("1087", HttpMethod.Put, $"/api/v1/agents/1087/media/{mrd}", new { state = "READY" });
        }
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1087");
        await Settled(page);

        var task = JsonSerializer.Serialize(new { name = "Ann Smith", title = "Refund request", scriptSelector = "CumulusTask", mediaType = "callback", tags = new[] { "vip", "refund" } });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/v1/tasks", new StringContent(task, Encoding.UTF8, "application/json"))).StatusCode);
        var chat = JsonSerializer.Serialize(new { name = "Bo Lind", title = "Hola", scriptSelector = "CumulusChat", callVariables = new Dictionary<string, string> { ["1"] = "es" } });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/v1/tasks", new StringContent(chat, Encoding.UTF8, "application/json"))).StatusCode);

        var card = page.Locator("article.dialog", new() { HasText = "Refund request" });
        await Assertions.Expect(card.Locator(".from")).ToHaveTextAsync("Cumulus_Task · Cumulus_Task_SG · callback · tagged vip, refund");
        var spanish = page.Locator("article.dialog", new() { HasText = "Hola" });
        await Assertions.Expect(spanish.Locator(".from")).ToHaveTextAsync("Cumulus_Chat · Spanish_Chat");

        // The task id is there for support, under the card's steps, not among what the agent reads first.
        var taskId = (await Dialogs(server, "1087")).EnumerateArray().Single(d => d.GetProperty("title").GetString() == "Refund request").GetProperty("taskId").GetString()!;
        await Assertions.Expect(card.Locator(".taskid")).ToHaveTextAsync($"Task id {taskId}");
        await Assertions.Expect(card.Locator("div.meta")).Not.ToContainTextAsync(taskId);
        await Assertions.Expect(card.Locator("div.meta")).Not.ToContainTextAsync("MRD");

        // The names come with the dialog, beside the ids kept as they were.
        var dialog = (await Dialogs(server, "1087")).EnumerateArray().Single(d => d.GetProperty("title").GetString() == "Hola");
        Assert.Equal(0, dialog.GetProperty("skillGroupId").GetInt32());
        Assert.Equal(5300, dialog.GetProperty("precisionQueueId").GetInt32());
        Assert.Equal("Spanish_Chat", dialog.GetProperty("precisionQueueName").GetString());
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task An_email_due_tomorrow_says_the_day_and_hours_left_and_a_started_task_says_how_long_it_has_been_active()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5013", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5013", new { state = "READY" });
        await using var chromium = await HeadlessChromium.Open("UTC", "en-US");
        var page = chromium.Page;
        await ServerClockIsTheTests(page, time);
        await SignIn(page, server, "1080");
        await Settled(page);

        await Submit(server, 100002, "Bo Lind", "Invoice copy");
        var card = page.Locator("article.dialog");
        // Offered: the email's 120 s to start, today (the page puts the server's clock a second past its Date).
        await Assertions.Expect(card.Locator(".startby")).ToHaveTextAsync("start by 02:02:00 PM, 119 s left");
        // Accepted: the task's life of a day, which ends tomorrow, counted in hours and minutes.
        await card.GetByRole(AriaRole.Button, new() { Name = "Accept Invoice copy" }).ClickAsync();
        await Assertions.Expect(card.Locator(".startby")).ToHaveTextAsync("start by Wed, Jan 31, 02:00 PM, 23 h 59 min left");

        await card.GetByRole(AriaRole.Button, new() { Name = "Start Invoice copy" }).ClickAsync();
        await Assertions.Expect(card.Locator(".since")).ToHaveTextAsync("active for 1 s");
        // Three minutes on, the page hears the server's clock at its next read (an update brings one).
        time.Advance(TimeSpan.FromMinutes(3));
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await Assertions.Expect(card.Locator(".since")).ToHaveTextAsync("active for 3 min");
        await card.GetByRole(AriaRole.Button, new() { Name = "Pause Invoice copy" }).ClickAsync();
        await Assertions.Expect(card.Locator(".since")).ToHaveTextAsync("paused for 1 s");
        Assert.Empty(chromium.Errors);
    }

    // The page's clock stands still and the server's answers carry the test's time as their Date, as
    // a server's own clock would: what the page counts from the server's clock is then exact.
    private static async Task ServerClockIsTheTests(IPage page, FakeTimeProvider time)
    {
        // Installed a minute early, as its time runs on until paused: a pause never goes back.
        await page.Clock.InstallAsync(new() { TimeDate = time.GetUtcNow().UtcDateTime.AddMinutes(-1) });
        await page.Clock.PauseAtAsync(time.GetUtcNow().UtcDateTime);
        await page.RouteAsync(url => url.Contains("/api/v1/", StringComparison.Ordinal) && !url.EndsWith("/events", StringComparison.Ordinal), async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["date"] = time.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture) };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
    }

    [Fact]
    public async Task While_an_email_that_cannot_be_interrupted_is_open_the_other_rows_say_why_no_new_task_comes_and_its_card_says_what_starting_it_holds()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var mrd in new[] { 5011, 5012, 5013 })
        {
            await server.SendAs("1080", HttpMethod.Put, $"/api/v1/agents/1080/media/{mrd}", new { state = "LOGIN" });
            await server.SendAs("1080", HttpMethod.Put, $"/api/v1/agents/1080/media/{mrd}", new { state = "READY" });
        }
        await Submit(server, 100000, "Ann Smith", "Refund request");
        await Step(server, "1080", "Refund request", "ACCEPT", "START");
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        await Settled(page);
        var chatRow = page.Locator("tr[data-mrd='5012']");
        var taskRow = page.Locator("tr[data-mrd='5011']");
        await Assertions.Expect(chatRow.Locator(".state")).ToHaveTextAsync("NOT ACTIVE");
        await Assertions.Expect(page.Locator("#mediaRows .held")).ToHaveCountAsync(0);

        await Submit(server, 100002, "Bo Lind", "Invoice copy");
        var email = page.Locator("article.dialog", new() { HasText = "Invoice copy" });
        await Assertions.Expect(email.Locator(".state")).ToHaveTextAsync("OFFERED");
        // Ready and routable, yet offered nothing: the row says why.
        await Assertions.Expect(chatRow.Locator("td[data-label='Routable']")).ToHaveTextAsync("yes");
        await Assertions.Expect(chatRow.Locator(".held")).ToHaveTextAsync("No new tasks here while your Cumulus_Email task Invoice copy, which cannot be interrupted, is open.");
        await Assertions.Expect(taskRow.Locator(".held")).ToHaveTextAsync("No new tasks here while your Cumulus_Email task Invoice copy, which cannot be interrupted, is open.");
        await Assertions.Expect(page.Locator("tr[data-mrd='5013'] .held")).ToHaveCountAsync(0);
        // Before Start, the email's card says what starting it does to the task being worked.
        await Assertions.Expect(email.Locator(".onstart")).ToHaveTextAsync(
            "Starting this puts your started task Refund request (Cumulus_Task) on hold until this one ends: Cumulus_Email tasks cannot be interrupted.");

        await email.GetByRole(AriaRole.Button, new() { Name = "Start Invoice copy" }).ClickAsync();
        await Assertions.Expect(page.Locator("article.dialog", new() { Has = page.Locator("h3", new() { HasText = "Refund request" }) }).Locator(".state")).ToHaveTextAsync("INTERRUPTED");
        await Assertions.Expect(email.Locator(".onstart")).ToHaveCountAsync(0);
        await Assertions.Expect(chatRow.Locator(".held")).ToContainTextAsync("Invoice copy");

        // The email ended, the chat is offered work again and says nothing more.
        await email.GetByRole(AriaRole.Button, new() { Name = "End Invoice copy" }).ClickAsync();
        await Assertions.Expect(email).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#mediaRows .held")).ToHaveCountAsync(0);
        Assert.Equal("IcmAvailable", (await Media(server, "1080", 5012)).GetProperty("availability").GetString());
        Assert.Empty(chromium.Errors);
    }

    // The channel open and the page's first reads done. A click while a read redraws the rows can
    // land between its press and release on a button replaced by its twin, and count for nothing:
    // under a loaded machine a Sign in was lost so, and the test waited for a Ready that never came.
    private static Task Settled(IPage page) =>
        page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN && refreshing === null");

    [Fact]
    public async Task A_supervisors_change_is_told_on_the_desktop_naming_the_supervisor_and_the_time_until_the_agent_dismisses_it_from_the_keyboard()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 10, 41, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await using var chromium = await HeadlessChromium.Open(timezone: "UTC", locale: "en-GB");
        var page = chromium.Page;
        var taskRow = await ReadyInCumulusTask(page, server, "1081");

        // The supervisor works through the API, as its page does.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "NOT_READY", reasonCode = 2 })).StatusCode);
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("NOT READY");
        await Assertions.Expect(page.Locator("#toldList li")).ToHaveCountAsync(1);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Put, "/api/v1/agents/1081/media/5011", new { state = "LOGOUT" })).StatusCode);
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("LOGOUT");
        var notices = page.Locator("#toldList li");
        await Assertions.Expect(notices.Locator("span")).ToHaveTextAsync([
            "Your supervisor sup1 made you not ready (Lunch) in Cumulus_Task at 10:41.",
            "Your supervisor sup1 signed you out of Cumulus_Task at 10:42.",
        ]);
        await Assertions.Expect(page.Locator("#toldList")).ToHaveAttributeAsync("aria-live", "polite");

        // Still there after a reload: only the agent puts a notice away.
        await page.ReloadAsync();
        await Assertions.Expect(notices).ToHaveCountAsync(2);

        // From the keyboard: Enter on the first's Dismiss, then Escape in the next, which the keyboard moved on to.
        await notices.First.GetByRole(AriaRole.Button, new() { Name = "Dismiss: Your supervisor sup1 made you not ready (Lunch) in Cumulus_Task at 10:41." }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(notices).ToHaveCountAsync(1);
        await Assertions.Expect(notices.GetByRole(AriaRole.Button)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(notices).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#told")).ToBeHiddenAsync();

        // Dismissed, they are not told again.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-mrd='5011'] .state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(notices).ToHaveCountAsync(0);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task Tasks_lost_while_the_desktop_was_closed_are_told_once_when_the_agent_comes_back()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        // Signed in and ready without a desktop open, the agent is offered a task that rings out.
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" });
        await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" });
        await Submit(server, 100000, "Bo Lind", "Invoice copy");
        Assert.Equal("OFFERED", (await Dialogs(server, "1080"))[0].GetProperty("state").GetString());
        time.Advance(TimeSpan.FromSeconds(31));
        await server.Host.QueryAsync((_, _) => 0);

        await using var chromium = await HeadlessChromium.Open(timezone: "UTC", locale: "en-GB");
        var page = chromium.Page;
        await SignIn(page, server, "1080");
        var notice = page.Locator("#toldList li");
        await Assertions.Expect(notice.Locator("span")).ToHaveTextAsync("While you were away: task 'Invoice copy' (Bo Lind) went back to the queue (not started in time) at 14:00.");
        await Assertions.Expect(notice).ToHaveCountAsync(1);
        await notice.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(notice).ToHaveCountAsync(0);

        // Once: a reload, which connects again, does not tell it again.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => channel !== null && channel.readyState === WebSocket.OPEN");
        await Assertions.Expect(page.Locator("tr[data-mrd='5011']")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => tellAway()");
        await Assertions.Expect(notice).ToHaveCountAsync(0);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task A_supervisor_signing_the_agent_out_while_it_holds_a_task_is_told_with_what_became_of_the_task()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 14, 0, 0, TimeSpan.Zero));
        await using var server = await TestServer.StartAsync(time: time);
        await using var chromium = await HeadlessChromium.Open(timezone: "UTC", locale: "en-GB");
        var page = chromium.Page;
        var taskRow = await ReadyInCumulusTask(page, server, "1080");
        await Submit(server, 100000, "Ann Smith", "Refund request");
        await Assertions.Expect(page.Locator("article.dialog", new() { HasText = "Refund request" }).Locator(".state")).ToHaveTextAsync("OFFERED");

        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGOUT" })).StatusCode);
        await Assertions.Expect(taskRow.Locator(".state")).ToHaveTextAsync("LOGOUT");
        await Assertions.Expect(page.Locator("article.dialog")).ToHaveCountAsync(0);
        // Both said, in whichever order the update and the page's next read of the agent came.
        foreach (var said in new[] { "Signed out of Cumulus_Task: task 'Refund request' (Ann Smith) went back to the queue.", "Your supervisor sup1 signed you out of Cumulus_Task at 14:00." })
            await Assertions.Expect(page.Locator("#toldList li span").GetByText(said, new() { Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#toldList li")).ToHaveCountAsync(2);
        Assert.Empty(chromium.Errors);
    }
}
