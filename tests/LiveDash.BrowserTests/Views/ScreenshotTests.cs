using LiveDash.BrowserTests.Harness;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Views;

/// <summary>
/// A screenshot of every view — overview, metric, board, dashboard — in light and dark at desktop width and in
/// light at a phone's 375 px, saved to artifacts/screenshots/&lt;view&gt;-&lt;variant&gt;.png for a person to look at.
/// Each is taken once its view shows the data it was given, so a view that fails to render fails the test.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ScreenshotTests(DashboardFixture fixture)
{
    private const string Metric = "browser.screens-latency";
    private const string Board = "browser.screens-league";
    private static readonly string[] s_regions = ["eu", "us", "ap"];
    private static readonly SemaphoreSlim s_seedOnce = new(1, 1);
    private static bool s_seeded;
    private static long s_lastSecond;

    public static TheoryData<string> Variants => new() { "light", "dark", "phone" };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryView_RendersItsData_AndIsSavedAsAScreenshot(string variant)
    {
        var lastSecond = await SeedAsync();
        await using var context = variant switch
        {
            "dark" => await fixture.NewContextAsync(colorScheme: ColorScheme.Dark),
            "phone" => await fixture.NewContextAsync(width: 375, height: 812),
            _ => await fixture.NewContextAsync(),
        };
        var metricTopic = "metric:" + Metric;
        var page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, "#/");
        await Expect(page.Page.Locator("html")).ToHaveAttributeAsync("data-theme", variant == "dark" ? "dark" : "light");
        await Expect(page.Page.Locator($"[data-testid=tile][data-topic=\"{metricTopic}\"] [data-testid=last-value]")).Not.ToHaveTextAsync("–");
        await Expect(page.Page.Locator($"[data-testid=tile][data-topic=\"board:{Board}\"]")).ToContainTextAsync("Comets");
        await page.ScreenshotAsync($"overview-{variant}");

        // Each view in a tab of its own, as opened from a link (moving between views in one tab is tested elsewhere).
        page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, DashboardPage.MetricRoute(Metric));
        await WaitForEveryRegionAsync(page, lastSecond);
        await Expect(page.Page.Locator("[data-testid=legend-item]")).ToHaveCountAsync(s_regions.Length);
        await page.ScreenshotAsync($"metric-{variant}");

        page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, DashboardPage.BoardRoute(Board));
        await Expect(page.Page.Locator($"[data-testid=board-table][data-topic=\"board:{Board}\"] tr[data-entry-id]")).ToHaveCountAsync(6);
        await Expect(page.Page.Locator($"[data-testid=score-control][data-board=\"{Board}\"]")).ToBeVisibleAsync();
        await page.ScreenshotAsync($"board-{variant}");

        page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, $"#/dashboard?w=chart:{Metric},stat:{Metric},board:{Board},score:{Board}");
        await WaitForEveryRegionAsync(page, lastSecond);
        await Expect(page.Page.Locator($"[data-testid=board-table][data-topic=\"board:{Board}\"] tr[data-entry-id]")).ToHaveCountAsync(6);
        await page.ScreenshotAsync($"dashboard-{variant}");
    }

    private static async Task WaitForEveryRegionAsync(DashboardPage page, long lastSecond)
    {
        foreach (var region in s_regions)
        {
            await page.WaitForChartPointsAsync("metric:" + Metric, "region=" + region, [new(lastSecond, Value(region, lastSecond))]);
        }
    }

    /// <summary>Two minutes of latency-like points for three regions and a league table; once for all variants.</summary>
    private async Task<long> SeedAsync()
    {
        await s_seedOnce.WaitAsync();
        try
        {
            var last = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
            if (!s_seeded)
            {
                foreach (var region in s_regions)
                {
                    var points = Enumerable.Range(0, 120).Select(i => last - 119 + i).Select(s => new SecondPoint(s, Value(region, s)));
                    await fixture.Api.IngestAsync(Metric, new Dictionary<string, string> { ["region"] = region }, points);
                }

                await fixture.Api.SetScoresAsync(Board, new Dictionary<string, double>
                {
                    ["Comets"] = 42,
                    ["Rockets"] = 37,
                    ["Owls"] = 35,
                    ["Foxes"] = 21,
                    ["Badgers"] = 18,
                    ["Herons"] = 9,
                }, title: "Spring league");
                s_seeded = true;
                s_lastSecond = last;
            }

            return s_lastSecond;
        }
        finally
        {
            s_seedOnce.Release();
        }
    }

    /// <summary>A wave per region, rounded to whole milliseconds so the chart's values compare exactly.</summary>
    private static double Value(string region, long second)
    {
        var offset = Array.IndexOf(s_regions, region);
        return Math.Round(40 + (offset * 25) + (12 * Math.Sin((second / 9.0) + offset)) + (4 * Math.Sin(second / 2.3)), 1);
    }
}
