using LiveDash.Grains;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Grains.Silo;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming;

/// <summary>A standalone silo (the gateway's local mode) subscribes to its own grains' topic streams, with no network.</summary>
public sealed class StandaloneSiloStreamTests
{
    [Fact]
    public async Task MetricGrain_OnAStandaloneSilo_PublishesCoalescedDeltasToTheSilosOwnObserver()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var topic = Topic.Metric("local.load");
        var received = new List<(MetricDelta Delta, StreamSequenceToken Token)>();
        var arrived = new SemaphoreSlim(0);
        await silo.Services.GetRequiredService<IStreamProvider>().GetStream<MetricDelta>(TopicStreams.For(topic)).SubscribeAsync((delta, token) =>
        {
            lock (received)
            {
                received.Add((delta, token));
            }

            arrived.Release();
            return Task.CompletedTask;
        });
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>(topic.Name);
        var start = await grain.GetSnapshotAsync();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // The first write after a quiet interval goes out at once (a timer turn later); the next
        // writes inside the interval wait for its end and go out as one item.
        await grain.RecordAsync(new MetricBatch(null, [new MetricSample(1, now, new Dictionary<string, string> { ["host"] = "a" })]));
        time.Advance(TimeSpan.Zero);
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), "the first write's item");
        for (var i = 2; i <= 50; i++)
        {
            await grain.RecordAsync(new MetricBatch(null, [new MetricSample(i, now, new Dictionary<string, string> { ["host"] = "a" })]));
        }

        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Single(received);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), "the item carrying writes 2–50");

        var end = await grain.GetSnapshotAsync();
        Assert.Equal([start.Position.Sequence + 1, start.Position.Sequence + 2], received.Select(r => r.Token.Sequence));
        Assert.Equal(end.Position, received[^1].Token);
        var applied = received.Aggregate(start.Data, (state, item) => state.Apply(item.Delta));
        Assert.Equal(50, Assert.Single(applied.Series).Count);
        Assert.Equal(end.Data.Series[0].Sum, applied.Series[0].Sum);
    }

    [Fact]
    public async Task ReactivatedMetricGrain_PublishesItsWholeLoadedState_SoNoStoredChangeStaysUnpublished()
    {
        var time = new ManualTimeProvider();
        await using var silo = await ProductSilo.StartAsync(time);
        var topic = Topic.Metric("reloaded");
        var received = new List<MetricDelta>();
        var arrived = new SemaphoreSlim(0);
        await silo.Services.GetRequiredService<IStreamProvider>().GetStream<MetricDelta>(TopicStreams.For(topic)).SubscribeAsync((delta, _) =>
        {
            lock (received)
            {
                received.Add(delta);
            }

            arrived.Release();
            return Task.CompletedTask;
        });
        var grain = silo.GrainFactory.GetGrain<IMetricGrain>(topic.Name);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var host in new[] { "a", "b" })
        {
            await grain.RecordAsync(new MetricBatch(null, [new MetricSample(1, now, new Dictionary<string, string> { ["host"] = host })]));
        }

        time.Advance(TimeSpan.Zero);
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), "the first item");
        // Only the metric grain ends (as idle collection ends it): its stream's rendezvous grain lives on,
        // kept by this silo's lease, so the stream stays in its epoch.
        var activation = silo.Catalog.Activations.Single(a => a.GrainId == new GrainId(TopicStreams.MetricNamespace, topic.Name));
        await activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "The test collects it."));
        await activation.Deactivated.WaitAsync(TimeSpan.FromSeconds(10));
        var afterCollection = received.Count;

        // Any call reactivates it; it loads both series and publishes them whole, once.
        await grain.RecordAsync(new MetricBatch(null, [new MetricSample(2, time.GetUtcNow().ToUnixTimeMilliseconds(), new Dictionary<string, string> { ["host"] = "a" })]));
        time.Advance(TimeSpan.Zero);
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), "the reactivated grain's first item");

        var first = received[afterCollection];
        Assert.Equal(["host=a", "host=b"], first.Series.Select(s => string.Join(",", s.Tags.Select(t => $"{t.Key}={t.Value}"))));
    }
}
