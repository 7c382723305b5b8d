using LiveDash.Gateway.Diagnostics;
using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Diagnostics;

public sealed class SelfMetricsTests
{
    private const string Gateway = "gw-test";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Publisher_ShortInterval_ConnectionCountReachesTheMetricGrain()
    {
        await using var gateway = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["LiveDash:Gateway:Name"] = Gateway,
            ["LiveDash:Gateway:SelfMetrics:Enabled"] = "true",
            ["LiveDash:Gateway:SelfMetrics:Interval"] = "00:00:00.100",
        });
        var metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();

        metrics.ConnectionOpened("sse");
        metrics.ConnectionOpened("sse");

        // The publisher is periodic: poll the grain until a tick carried the new count.
        var series = await PollAsync(
            grains,
            SelfMetricNames.Connections,
            s => s.Tags[SelfMetricNames.GatewayTag] == Gateway && s.Tags[SelfMetricNames.TransportTag] == "sse" && s.Last == 2,
            "the sse connection series of gw-test to show last = 2");
        Assert.Equal(Gateway, series.Tags[SelfMetricNames.GatewayTag]);
    }

    [Fact]
    public async Task PublishAsync_TwoSecondsOnAManualClock_RatesMatchTheGatewaysTotals()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["LiveDash:Gateway:Name"] = Gateway,
                ["LiveDash:Gateway:SelfMetrics:Enabled"] = "false",
            },
            configure: builder => builder.Services.AddSingleton<TimeProvider>(time));
        var metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var publisher = ActivatorUtilities.CreateInstance<SelfMetricsPublisher>(gateway.Services);

        Assert.Equal(1, await publisher.PublishAsync(CancellationToken.None));
        metrics.PointsIngested(10);
        metrics.EventsWritten("sse", 4);
        metrics.EventsDropped(1);
        metrics.ConnectionOpened("websocket");
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(5, await publisher.PublishAsync(CancellationToken.None));

        Assert.Equal(5, await LastAsync(grains, SelfMetricNames.IngestPointsPerSecond));
        Assert.Equal(2, await LastAsync(grains, SelfMetricNames.EventsPerSecond));
        Assert.Equal(0.5, await LastAsync(grains, SelfMetricNames.DroppedPerSecond));
        Assert.Equal(0, await LastAsync(grains, SelfMetricNames.CoalescedPerSecond));
        Assert.Equal(1, await LastAsync(grains, SelfMetricNames.Connections, (SelfMetricNames.TransportTag, "websocket")));
        var disconnects = await grains.GetGrain<IMetricGrain>(SelfMetricNames.DisconnectsPerSecond).GetSnapshotAsync();
        Assert.Empty(disconnects.Data.Series);
    }

    private static async Task<double> LastAsync(IGrainFactory grains, string metric, (string Key, string Value)? tag = null)
    {
        var snapshot = await grains.GetGrain<IMetricGrain>(metric).GetSnapshotAsync();
        var series = Assert.Single(snapshot.Data.Series, s => s.Tags[SelfMetricNames.GatewayTag] == Gateway && (tag is not { } t || s.Tags[t.Key] == t.Value));
        return series.Last;
    }

    private static async Task<SeriesSnapshot> PollAsync(IGrainFactory grains, string metric, Func<SeriesSnapshot, bool> condition, string expected)
    {
        using var deadline = new CancellationTokenSource(s_timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        do
        {
            var snapshot = await grains.GetGrain<IMetricGrain>(metric).GetSnapshotAsync(deadline.Token);
            if (snapshot.Data.Series.FirstOrDefault(condition) is { } series)
            {
                return series;
            }
        }
        while (await WaitAsync(poll, deadline.Token));

        throw new TimeoutException($"Expected {expected} within {s_timeout}.");
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
