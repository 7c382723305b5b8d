using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>
/// Streams on a 3-silo cluster with two subscribing clients: every item reaches every subscribed node
/// once and in order, losses are reported and repaired, and a producer's crash shows as a replay or a
/// reset, never as a silent gap.
/// </summary>
public sealed class StreamClusterTests : IAsyncLifetime
{
    private TestCluster? _cluster;
    private ClientHandle? _second;

    private TestCluster Cluster => _cluster!;

    private ClientHandle First => Cluster.PrimaryClient;

    private ClientHandle Second => _second!;

    public async Task InitializeAsync()
    {
        _cluster = await new TestClusterBuilder { InitialSilosCount = 3 }
            .UseSharedMemoryStorage()
            .Configure("LiveDash:Runtime:Streams:LeaseRenewalPeriod", "00:00:01")
            .Configure("LiveDash:Runtime:Streams:LeaseDuration", "00:00:05")
            .ConfigureSilo(silo => silo.AddGrains(typeof(StreamClusterTests).Assembly))
            .ConfigureClient(client => client.AddGrainTypes(typeof(StreamClusterTests).Assembly))
            .BuildAndStartAsync();
        _second = await Cluster.StartAdditionalClientAsync();
        await Cluster.WaitForLivenessToStabilizeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConcurrentProducers_EverySubscriberGetsEveryItemOnceInOrder()
    {
        const int PerProducer = 100;
        var stream = StreamProducerGrain.StreamOf("concurrent");
        var first = new RecordingObserver<int>();
        var second = new RecordingObserver<int>();
        await First.Streams.GetStream<int>(stream).SubscribeAsync(first);
        await Second.Streams.GetStream<int>(stream).SubscribeAsync(second);

        // Four producers (both clients and two silos) call the grain at once; the stream numbers the items.
        var callers = new[] { First.Client, Second.Client, Cluster.Silos[0].GrainFactory, Cluster.Silos[1].GrainFactory };
        var published = await Task.WhenAll(callers.Select((factory, p) => Task.Run(async () =>
        {
            var grain = factory.GetGrain<IStreamProducerGrain>("concurrent");
            var tokens = new List<(int Value, StreamSequenceToken Token)>();
            for (var i = 0; i < PerProducer; i++)
            {
                var value = (p * 1000) + i;
                tokens.Add((value, await grain.PublishAsync(value)));
            }

            return tokens;
        })));

        var expected = published.SelectMany(p => p).OrderBy(p => p.Token.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), expected.Select(e => e.Token.Sequence));
        foreach (var observer in new[] { first, second })
        {
            await observer.WaitUntilAsync(o => o.Items.Count >= expected.Count, $"{expected.Count} items");
            Assert.Equal(expected, observer.Items.Select(i => (i.Item, i.Token)));
            Assert.Empty(observer.Resets);
        }

        Assert.Equal(expected.Count, First.StreamStatistics.ItemsReceived);
        Assert.Equal(expected.Count, Second.StreamStatistics.ItemsReceived);
    }

    [Fact]
    public async Task ProducerSiloKilledMidStream_SubscribersGetAResetToTheNewEpoch_NeverASilentGap()
    {
        var stream = StreamProducerGrain.StreamOf("killed");
        var observers = new[] { new RecordingObserver<int>(), new RecordingObserver<int>() };
        var handles = new[]
        {
            await First.Streams.GetStream<int>(stream).SubscribeAsync(observers[0]),
            await Second.Streams.GetStream<int>(stream).SubscribeAsync(observers[1]),
        };

        var producer = First.Client.GetGrain<IStreamProducerGrain>("killed");
        var before = new List<StreamSequenceToken>();
        for (var i = 0; i < 20; i++)
        {
            before.Add(await producer.PublishAsync(i));
        }

        var ownerAddress = await producer.GetSiloAsync();
        var owner = Cluster.Silos.Single(s => s.Address.ToString() == ownerAddress);
        await Cluster.KillSiloAsync(owner);

        // Publishing resumes on the new owner once the others have declared the victim dead.
        var after = new List<(int Value, StreamSequenceToken Token)>();
        for (var i = 100; after.Count < 20; i++)
        {
            try
            {
                after.Add((i, await producer.PublishAsync(i)));
            }
            catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException)
            {
                // The victim is not declared dead yet; the caller retries, as a gateway would.
            }
        }

        Assert.True(after.All(a => a.Token.Epoch > before[0].Epoch), "the new owner's stream has a later epoch");
        for (var o = 0; o < observers.Length; o++)
        {
            var observer = observers[o];
            await observer.WaitUntilAsync(
                x => x.Items.Any(i => i.Token == after[^1].Token) || x.Resets.Any(r => r.Position == after[^1].Token),
                $"the last item published after the kill ({after[^1].Token}), or a reset covering it");
            StreamHistory.AssertNoSilentGap(observer, handles[o].StartPosition);
            Assert.Contains(observer.Resets, r => r.Reason == StreamResetReason.EpochChanged && r.Position.Epoch == after[0].Token.Epoch);

            // Everything after the reset position arrived, in order.
            var resetAt = observer.Resets[^1].Position.Sequence;
            Assert.Equal(after.Where(a => a.Token.Sequence > resetAt).Select(a => a.Value), observer.Items.Where(i => i.Token.Epoch == after[0].Token.Epoch).Select(i => i.Item));
        }
    }

    [Fact]
    public async Task SubscriberDropsAndReturnsInsideTheWindow_GetsExactlyTheMissedItems()
    {
        var stream = StreamProducerGrain.StreamOf("dropped");
        var observer = new RecordingObserver<int>();
        var handle = await Second.Streams.GetStream<int>(stream).SubscribeAsync(observer);
        var producer = First.Client.GetGrain<IStreamProducerGrain>("dropped");
        for (var i = 0; i < 10; i++)
        {
            await producer.PublishAsync(i);
        }

        await observer.WaitUntilAsync(o => o.Items.Count == 10, "the first 10 items");
        Second.Disconnect();
        await observer.WaitUntilAsync(o => o.Events.Contains("lost"), "the lost subscription to be reported");
        for (var i = 10; i < 40; i++)
        {
            await producer.PublishAsync(i);
        }

        Second.Reconnect();
        // The missed items come first, then the restoration is reported.
        await observer.WaitUntilAsync(
            o => o.Items.Count >= 40 && o.Events[^1].StartsWith("restored at", StringComparison.Ordinal),
            "all 40 items, then the restored subscription");

        Assert.Equal(Enumerable.Range(0, 40), observer.Items.Select(i => i.Item));
        StreamHistory.AssertNoSilentGap(observer, handle.StartPosition);
        Assert.Empty(observer.Resets);
        Assert.Equal(30, Second.StreamStatistics.ItemsRecovered);
        Assert.Equal(1, Second.StreamStatistics.SubscriptionsLost);
        Assert.Equal(1, Second.StreamStatistics.SubscriptionsRestored);
        Assert.StartsWith("restored at", observer.Events[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThousandObserversOnOneClient_OneNetworkDeliveryPerItem()
    {
        const int Items = 50;
        var stream = First.Streams.GetStream<int>(StreamProducerGrain.StreamOf("fan"));
        var observers = Enumerable.Range(0, 1000).Select(_ => new RecordingObserver<int>()).ToList();
        foreach (var observer in observers)
        {
            await stream.SubscribeAsync(observer);
        }

        var producer = Second.Client.GetGrain<IStreamProducerGrain>("fan");
        for (var i = 0; i < Items; i++)
        {
            await producer.PublishAsync(i);
        }

        foreach (var observer in observers)
        {
            await observer.WaitUntilAsync(o => o.Items.Count == Items, $"{Items} items on every observer");
            Assert.Equal(Enumerable.Range(0, Items), observer.Items.Select(i => i.Item));
        }

        Assert.Equal(Items, First.StreamStatistics.ItemsReceived);
        Assert.Equal(Items, First.StreamStatistics.ItemsDelivered);
        Assert.Equal(1, First.StreamStatistics.ActiveSubscriptions);
    }

    [Fact]
    public async Task SiloJoins_StreamsItTakesOverKeepTheirSubscribers_WithAResetNotAGap()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"join-{i}").ToList();
        var observers = keys.ToDictionary(k => k, _ => new RecordingObserver<int>());
        var starts = new Dictionary<string, StreamSequenceToken>();
        foreach (var key in keys)
        {
            starts[key] = (await First.Streams.GetStream<int>(StreamProducerGrain.StreamOf(key)).SubscribeAsync(observers[key])).StartPosition;
            await Second.Client.GetGrain<IStreamProducerGrain>(key).PublishAsync(1);
        }

        var newcomer = await Cluster.StartAdditionalSiloAsync();
        await Cluster.WaitForLivenessToStabilizeAsync();
        var moved = keys.Where(k => Cluster.OwnerOf(new GrainId(StreamProducerGrain.Namespace, k)) == newcomer.Address).ToList();
        Assert.NotEmpty(moved);

        foreach (var key in moved)
        {
            var grain = Second.Client.GetGrain<IStreamProducerGrain>(key);
            var last = await grain.PublishAsync(2);
            Assert.Equal(newcomer.Address.ToString(), await grain.GetSiloAsync());

            // The stream moved without its buffer: a reset to the new epoch, then the item unless the
            // reset's position (what a snapshot taken now reflects) already covers it.
            var observer = observers[key];
            await observer.WaitUntilAsync(
                o => o.Items.Any(i => i.Token == last) || o.Resets.Any(r => r.Position == last),
                $"{key}'s item published on the newcomer ({last}), or a reset covering it");
            StreamHistory.AssertNoSilentGap(observer, starts[key]);
            var reset = Assert.Single(observer.Resets);
            Assert.Equal((StreamResetReason.EpochChanged, last.Epoch), (reset.Reason, reset.Position.Epoch));
            Assert.Equal(reset.Position == last ? [1] : [1, 2], observer.Items.Select(i => i.Item));
        }
    }

    [Fact]
    public async Task SiloSubscriber_GetsItemsFromAStreamOnAnotherSilo_OverTheSiloConnection()
    {
        var stream = StreamProducerGrain.StreamOf("to-a-silo");
        var owner = Cluster.OwnerOf(new GrainId(StreamProducerGrain.Namespace, "to-a-silo"));
        var subscriber = Cluster.Silos.First(s => s.Address != owner);
        var observer = new RecordingObserver<int>();
        await subscriber.Services.GetRequiredService<IStreamProvider>().GetStream<int>(stream).SubscribeAsync(observer);

        var producer = First.Client.GetGrain<IStreamProducerGrain>("to-a-silo");
        for (var i = 0; i < 10; i++)
        {
            await producer.PublishAsync(i);
        }

        await observer.WaitUntilAsync(o => o.Items.Count == 10, "10 items on the subscribing silo");
        Assert.Equal(Enumerable.Range(0, 10), observer.Items.Select(i => i.Item));
        Assert.Equal(10, subscriber.Services.GetRequiredService<StreamStatistics>().ItemsReceived);
    }
}
