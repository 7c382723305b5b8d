using Microsoft.Playwright;

namespace LiveDash.BrowserTests.Harness;

/// <summary>
/// Debian's Chromium driven by Playwright. Never a downloaded browser: Playwright's own builds cannot be
/// fetched on these machines, and <c>./livedash test</c> installs the <c>chromium</c> package instead.
/// </summary>
internal static class Chromium
{
    /// <summary>The Debian package's launcher.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Headless, and quiet: no sandbox (tests run as root in CI, where Chromium's sandbox refuses to start), no GPU,
    /// no QUIC, and none of the background traffic (updates, sync, component downloads) that would try the network.
    /// </summary>
    public static readonly string[] Args =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    /// <summary>Starts Playwright's driver (shipped in the NuGet package) and launches Chromium.</summary>
    /// <exception cref="InvalidOperationException">Chromium is not installed.</exception>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: install Debian's chromium package (apt-get install -y chromium; ./livedash test does it).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
