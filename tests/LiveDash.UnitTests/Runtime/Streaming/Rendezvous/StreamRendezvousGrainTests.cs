using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Delivery;
using LiveDash.Runtime.Streaming.Rendezvous;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming.Rendezvous;

/// <summary>The rendezvous grain on a standalone silo: numbering, catch-up answers and leases.</summary>
public sealed class StreamRendezvousGrainTests
{
    [Fact]
    public async Task Publish_NumbersItemsFromOne_InOneEpoch()
    {
        await using var silo = await StartAsync();
        var stream = Rendezvous(silo, "numbered");

        var first = await stream.PublishAsync([1]);
        var second = await stream.PublishAsync([2]);

        Assert.Equal((first.Epoch, 1L), (second.Epoch, first.Sequence));
        Assert.Equal(2, second.Sequence);
        Assert.Equal(second, await stream.GetPositionAsync());
    }

    [Fact]
    public async Task Subscribe_FromAnOlderPositionInTheBuffer_AnswersTheMissedItems()
    {
        await using var silo = await StartAsync();
        var stream = Rendezvous(silo, "replay");
        var held = await stream.PublishAsync([1]);
        await stream.PublishAsync([2]);
        await stream.PublishAsync([3]);

        var answer = await stream.SubscribeAsync("client/x", lease: 1, held);

        Assert.Null(answer.Reset);
        Assert.Equal([2L, 3L], answer.Items.Select(i => i.Sequence));
        Assert.Equal([(byte)2, (byte)3], answer.Items.Select(i => i.Payload[0]));
    }

    [Fact]
    public async Task Subscribe_FromAPositionOlderThanTheBuffer_AnswersTooOld()
    {
        await using var silo = await StartAsync(replayBufferCount: 2);
        var stream = Rendezvous(silo, "too-old");
        var held = await stream.PublishAsync([1]);
        await stream.PublishAsync([2]);
        await stream.PublishAsync([3]);
        var last = await stream.PublishAsync([4]);

        var answer = await stream.SubscribeAsync("client/x", lease: 1, held);

        Assert.Equal(StreamResetReason.TooOld, answer.Reset);
        Assert.Equal(last, answer.Position);
        Assert.Empty(answer.Items);
    }

    [Fact]
    public async Task Subscribe_FromAnotherEpoch_AnswersEpochChanged()
    {
        await using var silo = await StartAsync();
        var stream = Rendezvous(silo, "epoch");
        var position = await stream.PublishAsync([1]);

        var answer = await stream.SubscribeAsync("client/x", lease: 1, new StreamSequenceToken(position.Epoch - 1, 1));

        Assert.Equal(StreamResetReason.EpochChanged, answer.Reset);
        Assert.Equal(position, answer.Position);
    }

    [Fact]
    public async Task UnsubscribeOfAnOlderLease_ArrivingAfterANewSubscribe_DoesNotEndTheNewOne()
    {
        await using var silo = await StartAsync();
        var stream = Rendezvous(silo, "lease");
        var statistics = silo.Services.GetRequiredService<StreamStatistics>();

        // This silo's own node name: items for it are handed to its hub directly and counted there.
        var node = silo.Services.GetRequiredService<StreamNode>().Id;
        await stream.SubscribeAsync(node, lease: 2, from: null);
        await stream.UnsubscribeAsync(node, lease: 1);
        await stream.PublishAsync([1]);
        Assert.Equal(1, statistics.ItemsReceived);

        await stream.UnsubscribeAsync(node, lease: 2);
        await stream.PublishAsync([2]);
        Assert.Equal(1, statistics.ItemsReceived);
    }

    private static IStreamRendezvousGrain Rendezvous(TestSilo silo, string key)
        => silo.GrainFactory.GetGrain<IStreamRendezvousGrain>(new StreamId("test", key).ToString());

    private static Task<TestSilo> StartAsync(int replayBufferCount = 1000)
        => TestSilo.StartAsync(configure: silo => silo.Services.Configure<StreamOptions>(o => o.ReplayBufferCount = replayBufferCount));
}
