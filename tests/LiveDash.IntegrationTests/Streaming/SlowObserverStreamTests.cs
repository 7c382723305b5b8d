using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Subscription;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>An observer that falls behind costs bounded memory and never turns its own backlog into a reset.</summary>
public sealed class SlowObserverStreamTests
{
    [Fact]
    public async Task RenewalsDuringABacklogLargerThanTheReplayBuffer_DoNotFetchQueuedItems_NorReset()
    {
        await using var cluster = await StartAsync(("LiveDash:Runtime:Streams:ReplayBufferCount", "10"));
        var observer = new BlockingObserver();
        await cluster.PrimaryClient.Streams.GetStream<int>(StreamProducerGrain.StreamOf("backlog")).SubscribeAsync(observer);
        var producer = cluster.Client.GetGrain<IStreamProducerGrain>("backlog");

        await producer.PublishAsync(1);
        await observer.Blocked.WaitAsync(TimeSpan.FromSeconds(10));

        // A renewal queued behind item 1 and ahead of items 2–21, and one after them: they must learn
        // the position without fetching the queued items again (the buffer holds only 10, so a fetch
        // from item 1 would answer "too old" and reset).
        var hub = cluster.PrimaryClient.Services.GetRequiredService<StreamSubscriberHub>();
        hub.RenewAll();
        for (var i = 2; i <= 21; i++)
        {
            await producer.PublishAsync(i);
        }

        hub.RenewAll();
        observer.Release();
        await observer.Recording.WaitUntilAsync(o => o.Items.Count == 21, "all 21 items");

        Assert.Equal(Enumerable.Range(1, 21), observer.Recording.Items.Select(i => i.Item));
        Assert.Empty(observer.Recording.Resets);
        Assert.Equal(0, cluster.PrimaryClient.StreamStatistics.ItemsRecovered);
    }

    [Fact]
    public async Task ItemsPastTheQueueBound_AreDroppedOnArrival_AndFetchedAgainOnceTheObserverCatchesUp()
    {
        await using var cluster = await StartAsync(("LiveDash:Runtime:Streams:MaxQueuedItemsPerSubscription", "5"));
        var observer = new BlockingObserver();
        await cluster.PrimaryClient.Streams.GetStream<int>(StreamProducerGrain.StreamOf("bounded")).SubscribeAsync(observer);
        var producer = cluster.Client.GetGrain<IStreamProducerGrain>("bounded");

        await producer.PublishAsync(1);
        await observer.Blocked.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 2; i <= 21; i++)
        {
            await producer.PublishAsync(i);
        }

        // Item 1 is with the observer, 2–6 fill the queue, 7–21 are dropped as they arrive.
        var statistics = cluster.PrimaryClient.StreamStatistics;
        await WaitUntilAsync(() => statistics.ItemsReceived + statistics.ItemsDroppedBehind >= 21 && statistics.ItemsDroppedBehind == 15, () => $"15 of 21 items dropped behind; received {statistics.ItemsReceived}, dropped {statistics.ItemsDroppedBehind}");
        observer.Release();
        await observer.Recording.WaitUntilAsync(o => o.Items.Count == 21, "all 21 items");

        Assert.Equal(Enumerable.Range(1, 21), observer.Recording.Items.Select(i => i.Item));
        Assert.Empty(observer.Recording.Resets);
        Assert.Equal(15, statistics.ItemsRecovered);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> expectation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {expectation()}.");
            }

            await Task.Delay(10);
        }
    }

    private static Task<TestCluster> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = new TestClusterBuilder { InitialSilosCount = 2 }
            .ConfigureSilo(silo => silo.AddGrains(typeof(SlowObserverStreamTests).Assembly))
            .ConfigureClient(client => client.AddGrainTypes(typeof(SlowObserverStreamTests).Assembly));
        foreach (var (key, value) in settings)
        {
            builder.Configure(key, value);
        }

        return builder.BuildAndStartAsync();
    }

    /// <summary>Holds the first item until released, recording everything.</summary>
    private sealed class BlockingObserver : IStreamObserver<int>
    {
        private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RecordingObserver<int> Recording { get; } = new();

        public Task Blocked => _blocked.Task;

        public void Release() => _release.TrySetResult();

        public async Task OnNextAsync(int item, StreamSequenceToken token)
        {
            await Recording.OnNextAsync(item, token);
            _blocked.TrySetResult();
            await _release.Task;
        }

        public Task OnResetAsync(StreamReset reset) => Recording.OnResetAsync(reset);
    }
}
