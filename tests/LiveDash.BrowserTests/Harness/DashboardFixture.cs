using Microsoft.Playwright;
using Xunit;

namespace LiveDash.BrowserTests.Harness;

/// <summary>
/// What every browser test shares, started once: one Chromium, a 3-silo cluster and a gateway serving the built
/// UI (tests keep to their own topics). Each test opens its own browser context: no cookies, storage or cache
/// carried between tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private DashboardCluster? _cluster;
    private DashboardGateway? _gateway;

    internal IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not started.");

    internal DashboardCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The gateway the pages open, and the tests ingest through.</summary>
    internal DashboardGateway Gateway => _gateway ?? throw new InvalidOperationException("The gateway is not started.");

    internal LiveDashApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RepositoryPaths.RequireBuiltDashboard();
        // Chromium's start and the cluster's overlap: together they are most of the suite's fixed cost.
        var launching = Chromium.LaunchAsync();
        var clustering = DashboardCluster.StartAsync(silos: 3);
        try
        {
            (_playwright, _browser) = await launching;
        }
        finally
        {
            _cluster = await clustering;
        }

        _gateway = await Cluster.StartGatewayAsync("gateway");
        Api = new LiveDashApi(_gateway.BaseAddress);
    }

    /// <summary>A fresh browser context (its own storage) with the viewport and colour scheme asked for.</summary>
    internal Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
        => Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
            // Screenshots at 375 px show a phone as a phone would: 2x pixels, touch, mobile viewport meta honoured.
            DeviceScaleFactor = width <= 480 ? 2 : 1,
            IsMobile = width <= 480,
            HasTouch = width <= 480,
        });

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Every browser test class: one Chromium and one cluster for all, tests one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
