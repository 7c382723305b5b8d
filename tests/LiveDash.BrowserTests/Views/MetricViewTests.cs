using LiveDash.BrowserTests.Harness;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Views;

[Collection(DashboardCollection.Name)]
public sealed class MetricViewTests(DashboardFixture fixture)
{
    private static readonly Dictionary<string, string> s_hostA = new() { ["host"] = "a" };

    [Fact]
    public async Task PointsIngestedThroughTheApi_ReachTheChartDataAndTheStatsTable()
    {
        const string Metric = "browser.metric-view";
        const string Topic = "metric:" + Metric;
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30;
        // Distinct values, one point per second: the chart's per-second average is the value itself.
        SecondPoint[] before = [new(start, 17), new(start + 1, 99), new(start + 2, 23)];
        SecondPoint[] after = [new(start + 3, 5), new(start + 4, 61), new(start + 5, 42)];
        await fixture.Api.IngestAsync(Metric, s_hostA, before);

        await using var context = await fixture.NewContextAsync();
        var page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, DashboardPage.MetricRoute(Metric));
        await Expect(page.Page.Locator($"[data-testid=metric-chart][data-topic=\"{Topic}\"]")).ToBeVisibleAsync();
        // The snapshot's points, then each live update (one request per point).
        await page.WaitForChartPointsAsync(Topic, "host=a", before);
        foreach (var point in after)
        {
            await fixture.Api.IngestAsync(Metric, s_hostA, [point]);
        }

        await page.WaitForChartPointsAsync(Topic, "host=a", [.. before, .. after]);
        var chart = await page.ChartSeriesAsync(Topic, "host=a");
        Assert.Equal(await fixture.Api.GetSeriesPointsAsync(Metric, s_hostA), chart);

        // The stats table: last 42, min 5, max 99 (since the series began).
        await Expect(page.Page.Locator("[data-testid=stat-last]")).ToHaveTextAsync(Numbers.Shown(42));
        await Expect(page.Page.Locator("[data-testid=stat-min]")).ToHaveTextAsync(Numbers.Shown(5));
        await Expect(page.Page.Locator("[data-testid=stat-max]")).ToHaveTextAsync(Numbers.Shown(99));

        // The legend names the tag set and toggles it.
        var legend = page.Page.Locator("[data-testid=legend-item][data-series=\"host=a\"]");
        await Expect(legend).ToHaveAttributeAsync("aria-pressed", "true");
        await legend.ClickAsync();
        await Expect(legend).ToHaveAttributeAsync("aria-pressed", "false");
    }
}
