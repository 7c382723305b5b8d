using LiveDash.BrowserTests.Harness;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Resilience;

/// <summary>
/// A gateway crashes under an open dashboard and comes back on the same origin. The topic's grain lives on in
/// the silos, so the restarted gateway (a new cluster client) resumes the page's cursor from the grain's stream
/// buffer: the chart ends up with every point, once, whether it was ingested before, during or after the outage.
/// Ingest goes through the other gateway all along, as behind a load balancer.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class GatewayRestartTests(DashboardFixture fixture)
{
    private static readonly Dictionary<string, string> s_hostA = new() { ["host"] = "a" };

    [Fact]
    public async Task GatewayKilledAndRestarted_IndicatorShowsReconnectingThenResumed_ChartHasNoGapOrDuplicate()
    {
        const string Metric = "browser.gateway-restart";
        const string Topic = "metric:" + Metric;
        await using var watched = await fixture.Cluster.StartGatewayAsync("watched gateway");
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 40;
        var points = Enumerable.Range(0, 12).Select(i => new SecondPoint(start + i, 100 + i)).ToArray();
        SecondPoint[] before = points[..4], whileDown = points[4..8], afterRestart = points[8..];
        await fixture.Api.IngestAsync(Metric, s_hostA, before[..1]);

        await using var context = await fixture.NewContextAsync();
        var page = await DashboardPage.OpenAsync(context, watched.BaseAddress, DashboardPage.MetricRoute(Metric));
        foreach (var point in before[1..])
        {
            await fixture.Api.IngestAsync(Metric, s_hostA, [point]);
        }

        await page.WaitForChartPointsAsync(Topic, "host=a", before);

        await watched.KillAsync();
        await Expect(page.Connection).ToHaveAttributeAsync("data-state", "reconnecting");
        foreach (var point in whileDown)
        {
            await fixture.Api.IngestAsync(Metric, s_hostA, [point]);
        }

        await watched.StartAsync();
        // One point at once, while the page is still to reconnect (its resume may race with it), the rest once resumed.
        await fixture.Api.IngestAsync(Metric, s_hostA, afterRestart[..1]);
        // Backoff: attempts 1 s, 2 s, 4 s after the drop (±10 %); the one after the restart must get in.
        await Expect(page.Connection).ToHaveAttributeAsync("data-state", "resumed", new() { Timeout = 20_000 });
        await page.WaitForChartPointsAsync(Topic, "host=a", [.. before, .. whileDown]);
        foreach (var point in afterRestart[1..])
        {
            await fixture.Api.IngestAsync(Metric, s_hostA, [point]);
        }

        await page.WaitForChartPointsAsync(Topic, "host=a", points);

        // Exactly the grain's series: every second once, in order (no gap, no duplicate).
        var chart = await page.ChartSeriesAsync(Topic, "host=a");
        Assert.Equal(await fixture.Api.GetSeriesPointsAsync(Metric, s_hostA), chart);
        Assert.Equal(points, chart);

        // The indicator went live -> reconnecting -> resumed, and never lost history (no reset, no stop).
        var log = await page.StatusLogAsync();
        var live = IndexOf(log, "live", 0);
        var reconnecting = IndexOf(log, "reconnecting", live + 1);
        var resumed = IndexOf(log, "resumed", reconnecting + 1);
        Assert.True(live >= 0 && reconnecting > live && resumed > reconnecting, $"Expected live, then reconnecting, then resumed; the indicator showed [{string.Join(", ", log)}]");
        Assert.DoesNotContain("reset", log);
        Assert.DoesNotContain("stopped", log);
    }

    private static int IndexOf(IReadOnlyList<string> log, string state, int from)
    {
        for (var i = Math.Max(from, 0); i < log.Count; i++)
        {
            if (log[i] == state)
            {
                return i;
            }
        }

        return -1;
    }
}
