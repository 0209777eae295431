using Microsoft.Playwright;

namespace Sagas.Inspector.Tests;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package, driven by Playwright: its own browser
/// download cannot work here, so it is pointed at the installed one (<c>SAGAS_CHROMIUM</c> overrides the path).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium) => (_playwright, Chromium) = (playwright, chromium);

    public IBrowser Chromium { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("SAGAS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"No Chromium at {ExecutablePath}: install Debian's chromium package (./test.sh does), or set SAGAS_CHROMIUM.");
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in a container needs no sandbox; the rest keeps Chromium off a network it cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, chromium);
    }

    public async Task<IPage> OpenAsync(string url, Dictionary<string, string>? headers = null)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 }, ExtraHTTPHeaders = headers });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // the page confirms replays of all and deletions
        await page.GotoAsync(url);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
