using LiveDash.Gateway.Diagnostics;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Diagnostics;

public sealed class SelfMetricsBatchesTests
{
    private const long NowMs = 1_764_000_000_000;
    private const string Gateway = "gw-1";

    [Fact]
    public void Build_WithoutRates_WritesConnectionsOfEveryKnownTransportZerosIncluded()
    {
        var writes = SelfMetricsBatches.Build(Gateway, new SelfMetricsReading(new Dictionary<string, long> { ["sse"] = 2 }, null), NowMs);

        var write = Assert.Single(writes);
        Assert.Equal(SelfMetricNames.Connections, write.Metric);
        Assert.Equal(
            [("sse", 2.0), ("websocket", 0.0), ("longpoll", 0.0)],
            write.Batch.Samples.Select(s => (s.Tags[SelfMetricNames.TransportTag], s.Value)));
        Assert.All(write.Batch.Samples, s => Assert.Equal(Gateway, s.Tags[SelfMetricNames.GatewayTag]));
    }

    [Fact]
    public void Build_WithRates_OneBatchPerMetricTaggedWithTheGatewayWithoutBatchId()
    {
        var rates = new SelfMetricsRates(10, 2, 0.5, 300, new Dictionary<string, double>());

        var writes = SelfMetricsBatches.Build(Gateway, new SelfMetricsReading(new Dictionary<string, long>(), rates), NowMs);

        Assert.Equal(
            [SelfMetricNames.Connections, SelfMetricNames.EventsPerSecond, SelfMetricNames.CoalescedPerSecond, SelfMetricNames.DroppedPerSecond, SelfMetricNames.IngestPointsPerSecond],
            writes.Select(w => w.Metric));
        var values = writes.Skip(1).ToDictionary(w => w.Metric, w => Assert.Single(w.Batch.Samples));
        Assert.Equal(10, values[SelfMetricNames.EventsPerSecond].Value);
        Assert.Equal(2, values[SelfMetricNames.CoalescedPerSecond].Value);
        Assert.Equal(0.5, values[SelfMetricNames.DroppedPerSecond].Value);
        Assert.Equal(300, values[SelfMetricNames.IngestPointsPerSecond].Value);
        Assert.All(values.Values, s => Assert.Equal(new Dictionary<string, string> { [SelfMetricNames.GatewayTag] = Gateway }, s.Tags));
        Assert.All(writes, w => Assert.Null(w.Batch.BatchId));
        Assert.All(writes.SelectMany(w => w.Batch.Samples), s => Assert.Equal(NowMs, s.TimestampMs));
    }

    [Fact]
    public void Build_ReasonsThatOccurred_OneDisconnectSampleEachAndNoneForOthers()
    {
        var rates = new SelfMetricsRates(0, 0, 0, 0, new Dictionary<string, double> { ["slow_consumer"] = 1.5, ["shutdown"] = 0 });

        var writes = SelfMetricsBatches.Build(Gateway, new SelfMetricsReading(new Dictionary<string, long>(), rates), NowMs);

        var disconnects = Assert.Single(writes, w => w.Metric == SelfMetricNames.DisconnectsPerSecond);
        Assert.Equal(
            [("shutdown", 0.0), ("slow_consumer", 1.5)],
            disconnects.Batch.Samples.Select(s => (s.Tags[SelfMetricNames.ReasonTag], s.Value)));
    }

    [Fact]
    public void Build_NoDisconnectYet_WritesNoDisconnectMetric()
    {
        var rates = new SelfMetricsRates(0, 0, 0, 0, new Dictionary<string, double>());

        var writes = SelfMetricsBatches.Build(Gateway, new SelfMetricsReading(new Dictionary<string, long>(), rates), NowMs);

        Assert.DoesNotContain(writes, w => w.Metric == SelfMetricNames.DisconnectsPerSecond);
    }

    [Fact]
    public void Build_TransportOutsideTheKnownOnes_WrittenAfterThem()
    {
        var writes = SelfMetricsBatches.Build(Gateway, new SelfMetricsReading(new Dictionary<string, long> { ["webtransport"] = 1 }, null), NowMs);

        Assert.Equal(
            ["sse", "websocket", "longpoll", "webtransport"],
            writes[0].Batch.Samples.Select(s => s.Tags[SelfMetricNames.TransportTag]));
    }

    [Fact]
    public void Build_EveryWrite_PassesTheMetricGrainsValidation()
    {
        var rates = new SelfMetricsRates(1, 2, 3, 4, new Dictionary<string, double> { ["slow_consumer"] = 1 });

        var writes = SelfMetricsBatches.Build(Gateway, new SelfMetricsReading(new Dictionary<string, long> { ["sse"] = 3 }, rates), NowMs);

        Assert.Equal(6, writes.Count);
        foreach (var write in writes)
        {
            Assert.True(TopicNames.IsValidName(write.Metric), write.Metric);
            for (var i = 0; i < write.Batch.Samples.Count; i++)
            {
                MetricSampleValidator.Validate(write.Batch.Samples[i], i, NowMs, new MetricGrainOptions());
            }
        }
    }
}
