using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Harness;

/// <summary>
/// One tab of the dashboard, read through the DOM contract (data-testid attributes, hash routes) and the
/// page's debug hook (<c>window.liveDash</c>, src/debug/LiveDashDebug.ts). Waits are Playwright's: they
/// retry until true or a timeout, whose failure says what was expected and what the page had.
/// </summary>
internal sealed class DashboardPage
{
    /// <summary>How long a live change may take to show (a busy 2-core machine, a reconnect's backoff).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private DashboardPage(IPage page, Uri baseAddress)
    {
        Page = page;
        BaseAddress = baseAddress;
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    /// <summary>The connection indicator in the header; its <c>data-state</c> is the transport's state.</summary>
    public ILocator Connection => Page.Locator("[data-testid=connection]");

    /// <summary>Opens <paramref name="route"/> (e.g. <c>#/metric/cpu.load</c>) in a new tab of <paramref name="context"/>.</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowserContext context, Uri baseAddress, string route)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var dashboard = new DashboardPage(page, baseAddress);
        await dashboard.GoToAsync(route);
        return dashboard;
    }

    /// <summary>Navigates this tab to <paramref name="route"/> and waits until the page has connected.</summary>
    public async Task GoToAsync(string route)
    {
        await Page.GotoAsync(new Uri(BaseAddress, "/" + route).ToString());
        await ExpectConnectedAsync();
    }

    /// <summary>Waits until the indicator shows a connected state (live, or resumed after a drop).</summary>
    public Task ExpectConnectedAsync()
        => Expect(Connection).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^(live|resumed)$"), new() { Timeout = Ms(Patience) });

    /// <summary>The chart data of the metric chart showing <paramref name="topic"/> (<c>window.liveDash.chartData</c>), or null.</summary>
    public async Task<IReadOnlyList<ChartSeries>?> ChartDataAsync(string topic)
    {
        var json = await Page.EvaluateAsync<string?>("topic => JSON.stringify(window.liveDash?.chartData(topic) ?? null)", topic);
        return json is null or "null" ? null : JsonSerializer.Deserialize<List<ChartSeries>>(json, s_json);
    }

    /// <summary>The series labelled <paramref name="label"/> of <paramref name="topic"/>'s chart, or a failure showing what the chart has.</summary>
    public async Task<IReadOnlyList<SecondPoint>> ChartSeriesAsync(string topic, string label)
    {
        var data = await ChartDataAsync(topic);
        var series = data?.FirstOrDefault(s => s.Label == label);
        Assert.True(series is not null, $"The chart of {topic} has no series labelled '{label}'. Chart data: {Describe(data)}");
        return [.. series.Points.Select(p => new SecondPoint((long)p[0], p[1]))];
    }

    /// <summary>Waits until the series <paramref name="label"/> of <paramref name="topic"/>'s chart holds every one of <paramref name="points"/> (exact second and value).</summary>
    public async Task WaitForChartPointsAsync(string topic, string label, IReadOnlyCollection<SecondPoint> points, TimeSpan? timeout = null)
    {
        const string HasPoints = """
            ({ topic, label, points }) => {
              const series = window.liveDash?.chartData(topic)?.find(s => s.label === label);
              if (!series) return false;
              const have = new Map(series.points.map(([second, value]) => [second, value]));
              return points.every(([second, value]) => have.get(second) === value);
            }
            """;
        var arg = new { topic, label, points = points.Select(p => new[] { p.Second, p.Value }).ToArray() };
        try
        {
            await Page.WaitForFunctionAsync(HasPoints, arg, new() { Timeout = Ms(timeout ?? Patience), PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Within {(timeout ?? Patience).TotalSeconds:0} s the chart of {topic} did not hold the points {string.Join(" ", points)} " +
                $"in its series '{label}'. Chart data: {Describe(await ChartDataAsync(topic))}; connection states: [{string.Join(", ", await StatusLogAsync())}]");
        }
    }

    /// <summary>Every connection state the indicator has shown, in order (<c>window.liveDash.statusLog</c>).</summary>
    public async Task<IReadOnlyList<string>> StatusLogAsync()
        => await Page.EvaluateAsync<string[]?>("() => window.liveDash ? [...window.liveDash.statusLog] : null") ?? [];

    /// <summary>Saves a full-page screenshot as artifacts/screenshots/<paramref name="name"/>.png.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
        var path = Path.Combine(RepositoryPaths.Screenshots, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>The route of a metric's view.</summary>
    public static string MetricRoute(string metric) => "#/metric/" + Uri.EscapeDataString(metric);

    /// <summary>The route of a board's view.</summary>
    public static string BoardRoute(string board) => "#/board/" + Uri.EscapeDataString(board);

    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    private static float Ms(TimeSpan timeout) => (float)timeout.TotalMilliseconds;

    private static string Describe(IReadOnlyList<ChartSeries>? data)
        => data is null
            ? "none (no chart shows the topic, or window.liveDash is missing)"
            : string.Join("; ", data.Select(s => $"'{s.Label}': " + string.Join(" ", s.Points.Select(p => new SecondPoint((long)p[0], p[1])))));
}

/// <summary>One series of a chart as <c>window.liveDash.chartData</c> returns it.</summary>
internal sealed record ChartSeries(string Label, double[][] Points);

/// <summary>Readable numbers for the DOM checks.</summary>
internal static class Numbers
{
    /// <summary>A pattern matching <paramref name="value"/> as a number on its own in a cell's text (42, 42.0, 42.00).</summary>
    public static System.Text.RegularExpressions.Regex Shown(double value)
        => new($@"(^|[^\d.]){System.Text.RegularExpressions.Regex.Escape(value.ToString(CultureInfo.InvariantCulture))}(\.0+)?($|[^\d])");
}
