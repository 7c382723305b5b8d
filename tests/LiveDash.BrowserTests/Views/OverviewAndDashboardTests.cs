using System.Text.RegularExpressions;
using LiveDash.BrowserTests.Harness;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Views;

[Collection(DashboardCollection.Name)]
public sealed class OverviewAndDashboardTests(DashboardFixture fixture)
{
    private static readonly Dictionary<string, string> s_hostA = new() { ["host"] = "a" };

    [Fact]
    public async Task Overview_ShowsATileForEveryTopic_NewTopicsLive_EachLinkingToItsView()
    {
        const string Metric = "browser.overview-cpu";
        const string Board = "browser.overview-board";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(now - 3, 3), new(now - 2, 7)]);
        await fixture.Api.SetScoresAsync(Board, new Dictionary<string, double> { ["team-a"] = 12, ["team-b"] = 9 });

        await using var context = await fixture.NewContextAsync();
        var page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, "#/");
        var metricTile = Tile(page, "metric:" + Metric);
        var boardTile = Tile(page, "board:" + Board);
        await Expect(metricTile.Locator("[data-testid=last-value]")).ToHaveTextAsync(Numbers.Shown(7));
        await Expect(metricTile.Locator("[data-testid=rate]")).ToBeVisibleAsync();
        await Expect(boardTile).ToContainTextAsync("team-a");
        await Expect(boardTile).ToContainTextAsync("team-b");

        // A topic created while the overview is open gets its tile without a reload; tiles follow their topics.
        const string LateMetric = "browser.overview-late";
        await fixture.Api.IngestAsync(LateMetric, s_hostA, [new(now - 1, 31)]);
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(now - 1, 8)]);
        await Expect(Tile(page, "metric:" + LateMetric).Locator("[data-testid=last-value]")).ToHaveTextAsync(Numbers.Shown(31), new() { Timeout = 20_000 });
        await Expect(metricTile.Locator("[data-testid=last-value]")).ToHaveTextAsync(Numbers.Shown(8));

        await metricTile.ClickAsync();
        await Expect(page.Page.Locator($"[data-testid=metric-chart][data-topic=\"metric:{Metric}\"]")).ToBeVisibleAsync();
        Assert.EndsWith(DashboardPage.MetricRoute(Metric), page.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_RendersItsWidgets_KeepsItsLayoutInTheUrlAcrossAReload_AndRestoresItFromLocalStorage()
    {
        const string Metric = "browser.dashboard-cpu";
        const string Board = "browser.dashboard-board";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        SecondPoint[] points = [new(now - 4, 11), new(now - 3, 13), new(now - 2, 12)];
        await fixture.Api.IngestAsync(Metric, s_hostA, points);
        await fixture.Api.SetScoresAsync(Board, new Dictionary<string, double> { ["team-a"] = 2, ["team-b"] = 1 });

        await using var context = await fixture.NewContextAsync();
        var page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, $"#/dashboard?w=chart:{Metric},board:{Board}");
        await ExpectWidgetsAsync(page, Metric, Board, points, withScoreControl: false);

        // Add a widget with the form: the URL and localStorage take the new layout.
        await page.Page.GetByLabel("Widget", new() { Exact = true }).SelectOptionAsync("score");
        await page.Page.GetByLabel("Metric or board").FillAsync(Board);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Add widget" }).ClickAsync();
        await Expect(page.Page.Locator($"[data-testid=score-control][data-board=\"{Board}\"]")).ToBeVisibleAsync();
        var layout = $"chart:{Metric},board:{Board},score:{Board}";
        await Expect(page.Page).ToHaveURLAsync(DashboardUrl(layout));
        Assert.Contains(layout, await page.Page.EvaluateAsync<string?>("() => localStorage.getItem('livedash.dashboard')") ?? "(nothing stored)", StringComparison.Ordinal);

        // A reload opens the same dashboard from its URL.
        await page.Page.ReloadAsync();
        await page.ExpectConnectedAsync();
        await ExpectWidgetsAsync(page, Metric, Board, points, withScoreControl: true);

        // #/dashboard without a layout, in a new tab of the same browser profile, restores it from localStorage.
        var restored = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, "#/dashboard");
        await ExpectWidgetsAsync(restored, Metric, Board, points, withScoreControl: true);
        await Expect(restored.Page).ToHaveURLAsync(DashboardUrl(layout));
    }

    [Fact]
    public async Task MovingInOneTabFromABoardViewToADashboardWithThatBoard_ShowsItsEntries()
    {
        const string Board = "browser.navigation-board";
        const string Topic = "board:" + Board;
        await fixture.Api.SetScoresAsync(Board, new Dictionary<string, double> { ["team-a"] = 3, ["team-b"] = 8 });

        await using var context = await fixture.NewContextAsync();
        var page = await DashboardPage.OpenAsync(context, fixture.Gateway.BaseAddress, DashboardPage.BoardRoute(Board));
        var rows = page.Page.Locator($"[data-testid=board-table][data-topic=\"{Topic}\"] tr[data-entry-id]");
        await Expect(rows).ToHaveCountAsync(2);

        // The board view's table and score control unmount and the dashboard's mount in the same moment: the
        // topic is unwatched and watched again at once, and the new widgets must still get its state.
        await page.GoToAsync($"#/dashboard?w=board:{Board},score:{Board}");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Page.Locator($"[data-testid=score-control][data-board=\"{Board}\"] button[data-testid=add-point]")).ToHaveCountAsync(2);

        // And back.
        await page.GoToAsync(DashboardPage.BoardRoute(Board));
        await Expect(rows).ToHaveCountAsync(2);
    }

    private static Regex DashboardUrl(string layout) => new("#/dashboard\\?w=" + Regex.Escape(layout) + "$");

    private static ILocator Tile(DashboardPage page, string topic) => page.Page.Locator($"[data-testid=tile][data-topic=\"{topic}\"]");

    private static async Task ExpectWidgetsAsync(DashboardPage page, string metric, string board, SecondPoint[] points, bool withScoreControl)
    {
        await Expect(page.Page.Locator($"[data-testid=metric-chart][data-topic=\"metric:{metric}\"]")).ToBeVisibleAsync();
        await page.WaitForChartPointsAsync("metric:" + metric, "host=a", points);
        var table = page.Page.Locator($"[data-testid=board-table][data-topic=\"board:{board}\"]");
        await Expect(table.Locator("tr[data-entry-id]")).ToHaveCountAsync(2);
        await Expect(table.Locator("tr[data-entry-id=\"team-a\"] [data-testid=score]")).ToHaveTextAsync(Numbers.Shown(2));
        var control = page.Page.Locator($"[data-testid=score-control][data-board=\"{board}\"]");
        await Expect(control).ToHaveCountAsync(withScoreControl ? 1 : 0);
    }
}
