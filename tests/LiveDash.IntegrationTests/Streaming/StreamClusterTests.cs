using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
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
}
