using Microsoft.Playwright;

namespace Taskroute.Server.Tests;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: one page, with every console error and
/// uncaught page error collected for the test to check.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") Errors.Add(message.Text); };
        page.PageError += (_, error) => Errors.Add(error);
        page.SetDefaultTimeout(15_000);
    }

    // Playwright's assertions wait 5 s by default, less than its actions: with the whole suite's
    // test projects sharing two cores, a redraw that waits on the server can take longer than that.
    static HeadlessChromium() => Assertions.SetDefaultExpectTimeout(15_000);

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    /// <summary>Skips the test where Chromium is not installed (.ci/run installs it); otherwise opens a page in the time zone and locale given.</summary>
    public static async Task<HeadlessChromium> Open(string? timezone = null, string? locale = null)
    {
        Assert.SkipUnless(File.Exists(Path), $"{Path} is not installed (.ci/run installs Debian's chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { TimezoneId = timezone, Locale = locale });
        return new HeadlessChromium(playwright, browser, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
