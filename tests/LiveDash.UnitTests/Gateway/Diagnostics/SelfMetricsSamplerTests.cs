using LiveDash.Gateway.Diagnostics;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Diagnostics;

public sealed class SelfMetricsSamplerTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Sample_First_HasConnectionsButNoRates()
    {
        var sampler = new SelfMetricsSampler(_time);

        var reading = sampler.Sample(Totals(events: 10, connections: new() { ["sse"] = 2 }));

        Assert.Null(reading.Rates);
        Assert.Equal(2, reading.Connections["sse"]);
    }

    [Fact]
    public void Sample_TwoSecondsLater_RatesAreTheGrowthDividedByTheElapsedSeconds()
    {
        var sampler = new SelfMetricsSampler(_time);
        sampler.Sample(Totals(events: 10, coalesced: 0, dropped: 0, ingested: 100, disconnects: new() { ["slow_consumer"] = 1 }));
        _time.Advance(TimeSpan.FromSeconds(2));

        var rates = sampler.Sample(Totals(events: 30, coalesced: 4, dropped: 1, ingested: 700, disconnects: new() { ["slow_consumer"] = 3, ["shutdown"] = 2 })).Rates;

        Assert.NotNull(rates);
        Assert.Equal(10, rates.EventsPerSecond);
        Assert.Equal(2, rates.CoalescedPerSecond);
        Assert.Equal(0.5, rates.DroppedPerSecond);
        Assert.Equal(300, rates.IngestPointsPerSecond);
        Assert.Equal(1, rates.DisconnectsPerSecond["slow_consumer"]);
        Assert.Equal(1, rates.DisconnectsPerSecond["shutdown"]);
    }

    [Fact]
    public void Sample_EachRate_CoversOnlyTheIntervalSinceThePreviousSample()
    {
        var sampler = new SelfMetricsSampler(_time);
        sampler.Sample(Totals(ingested: 0));
        _time.Advance(TimeSpan.FromSeconds(1));
        sampler.Sample(Totals(ingested: 100));
        _time.Advance(TimeSpan.FromSeconds(4));

        var rates = sampler.Sample(Totals(ingested: 120)).Rates;

        Assert.NotNull(rates);
        Assert.Equal(5, rates.IngestPointsPerSecond);
    }

    [Fact]
    public void Sample_NoTimeElapsed_NoRatesAndTheBaselineStays()
    {
        var sampler = new SelfMetricsSampler(_time);
        sampler.Sample(Totals(events: 0));

        Assert.Null(sampler.Sample(Totals(events: 50)).Rates);

        _time.Advance(TimeSpan.FromSeconds(2));
        var rates = sampler.Sample(Totals(events: 100)).Rates;
        Assert.NotNull(rates);
        Assert.Equal(50, rates.EventsPerSecond);
    }

    [Fact]
    public void Sample_TotalSmallerThanBefore_RateIsZeroNotNegative()
    {
        var sampler = new SelfMetricsSampler(_time);
        sampler.Sample(Totals(dropped: 10));
        _time.Advance(TimeSpan.FromSeconds(1));

        var rates = sampler.Sample(Totals(dropped: 4)).Rates;

        Assert.NotNull(rates);
        Assert.Equal(0, rates.DroppedPerSecond);
    }

    private static GatewayMetricsSnapshot Totals(
        long events = 0,
        long coalesced = 0,
        long dropped = 0,
        long ingested = 0,
        Dictionary<string, long>? connections = null,
        Dictionary<string, long>? disconnects = null)
        => new(connections ?? [], events, coalesced, dropped, disconnects ?? [], ingested);
}
