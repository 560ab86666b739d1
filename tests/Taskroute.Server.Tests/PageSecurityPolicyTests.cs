using Microsoft.Playwright;
using System.Security.Cryptography;
using System.Text;
using Taskroute.Server.Web;

namespace Taskroute.Server.Tests;

/// <summary>
/// The pages show what customers typed. Should an escape ever be missed, the markup slipped in must
/// not run: each page's policy lets only its own inline scripts run, by hash.
/// </summary>
public class PageSecurityPolicyTests
{
    [Theory]
    [InlineData("/desktop")]
    [InlineData("/supervisor")]
    [InlineData("/trace")]
    [InlineData("/reports")]
    [InlineData("/api-docs/")]
    public async Task Markup_slipped_into_a_page_runs_no_script_while_the_pages_own_script_runs(string path)
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;

        await page.GotoAsync(new Uri(server.Client.BaseAddress!, path).ToString());
        // The page's own script ran: it wires the sign-in form, and a blocked script would say so on the console.
        await page.WaitForFunctionAsync("document.readyState === 'complete'");
        Assert.Empty(chromium.Errors);

        // An event handler in markup, as an unescaped task title would put it there; the image's
        // error event is awaited through a listener of the test's own, which the policy does not govern.
        var handlerRan = await page.EvaluateAsync<bool>("""
            () => new Promise(resolve => {
                const holder = document.createElement("div");
                holder.innerHTML = '<img src="/no-such-image" onerror="window.slippedIn = true">';
                const image = holder.firstChild;
                image.addEventListener("error", () => setTimeout(() => resolve(window.slippedIn === true), 0));
                document.body.appendChild(holder);
            })
            """);
        Assert.False(handlerRan);

        var scriptRan = await page.EvaluateAsync<bool>("""
            () => {
                const script = document.createElement("script");
                script.textContent = "window.scriptSlippedIn = true";
                document.body.appendChild(script);
                return window.scriptSlippedIn === true;
            }
            """);
        Assert.False(scriptRan);
        Assert.Contains(chromium.Errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/desktop")]
    [InlineData("/supervisor")]
    [InlineData("/trace")]
    [InlineData("/reports")]
    public async Task A_pages_policy_names_the_hash_of_its_own_script_and_lets_nothing_load_from_elsewhere(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

        var script = Assert.Single(PageSecurityPolicy.InlineScripts(html));
        Assert.Contains($"script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'unsafe-inline'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_loaded_from_a_file_is_not_counted_as_inline()
    {
        const string html = "<script src=\"/a.js\"></script><SCRIPT type=\"module\">go()</SCRIPT>";
        Assert.Equal(["go()"], PageSecurityPolicy.InlineScripts(html));
        Assert.Contains("script-src 'sha256-", PageSecurityPolicy.For(html), StringComparison.Ordinal);
        Assert.Contains("script-src 'none'", PageSecurityPolicy.For("<p>no scripts</p>"), StringComparison.Ordinal);
    }
    [Fact]
    public async Task A_mistyped_page_address_shows_a_page_with_links_to_the_browser_while_api_clients_still_get_problem_json()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        var response = await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/report").ToString());
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No such page" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("There is no page at /report.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.Client.BaseAddress!, "/reports").ToString());

        // A client that does not prefer HTML, and every API path, keep the JSON they parse.
        foreach (var (path, accept) in new[] { ("/report", "application/json"), ("/report", "*/*"), ("/api/v1/nothing", "text/html") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd(accept);
            using var answer = await server.Client.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_api_reference_has_a_policy_naming_its_inline_script_and_scalars_ui_renders_under_it_without_a_violation()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.Client.GetAsync("/api-docs/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policies), "/api-docs/ is served without a Content-Security-Policy");
        var policy = Assert.Single(policies);
        var script = Assert.Single(PageSecurityPolicy.InlineScripts(html));
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);

        await using var chromium = await HeadlessChromium.Open();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(server.Client.BaseAddress!, "/api-docs").ToString());
        // Scalar's script ran, read the OpenAPI document and drew its operations; its client sends a
        // request to this server and shows the answer.
        var status = page.GetByRole(AriaRole.Link, new() { Name = "/api/v1/status HTTP Method: GET" });
        await Assertions.Expect(status).ToBeVisibleAsync();
        await status.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/v1/status)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Send get request to ") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Response" }).GetByRole(AriaRole.Link, new() { Name = "200 OK" })).ToBeVisibleAsync();
        Assert.Empty(chromium.Errors);
    }
}
