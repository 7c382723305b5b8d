using LiveDash.Runtime;
using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Delivery;
using LiveDash.Runtime.Streaming.Subscription;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>
/// A cluster client's <see cref="StreamSubscriberHub"/>, built through a service collection as the client
/// builds it, with a manual clock and a fake rendezvous grain per stream. Items reach the hub the way
/// the network delivers them (<see cref="StreamSubscriberHub.OnItem"/>), but only when the test sends them.
/// </summary>
internal sealed class StreamHubHarness : IAsyncDisposable
{
    public static readonly StreamId Stream = new("metric", "cpu.load");

    private readonly ServiceProvider _services;

    /// <param name="configure">Changes to the options; by default renewals are 10 min apart, so none happens unless the test moves the clock that far.</param>
    public StreamHubHarness(Action<StreamOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SerializationOptions>();
        services.AddSingleton<RuntimeJsonSerializer>();
        services.AddOptions<StreamOptions>().Configure(o =>
        {
            o.LeaseRenewalPeriod = TimeSpan.FromMinutes(10);
            o.LeaseDuration = TimeSpan.FromMinutes(30);
            configure?.Invoke(o);
        });
        services.AddSingleton(_ => StreamNode.ForClient());
        services.AddSingleton(sp => new StreamStatistics(() => sp.GetRequiredService<StreamNode>().Id));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IGrainFactory>(Grains);
        services.AddSingleton<StreamSubscriberHub>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Hub = _services.GetRequiredService<StreamSubscriberHub>();
        Statistics = _services.GetRequiredService<StreamStatistics>();
        NodeId = _services.GetRequiredService<StreamNode>().Id;
    }

    public WatchedTimeProvider Time { get; } = new();

    public FakeGrainFactory Grains { get; } = new();

    public StreamSubscriberHub Hub { get; }

    public StreamStatistics Statistics { get; }

    public string NodeId { get; }

    /// <summary>The rendezvous grain of <see cref="Stream"/>.</summary>
    public FakeRendezvousGrain Rendezvous => Grains.Rendezvous(Stream.ToString());

    public Task<StreamSubscriptionHandle> SubscribeAsync(IStreamObserver<int> observer, StreamSequenceToken? from = null)
        => ChangeSignal.WithinTimeout(Hub.SubscribeAsync(Stream, observer, from, CancellationToken.None), $"the subscription of an observer to {Stream} from {from?.ToString() ?? "now"} to complete");

    /// <summary>Delivers the item published at <paramref name="token"/> to the hub, as a network delivery would.</summary>
    public void Send(StreamSequenceToken token) => Hub.OnItem(StreamGrainIds.ForStream(Stream), token.Epoch, token.Sequence, Rendezvous.PayloadAt(token));

    /// <summary>Delivers an arbitrary item (one from an epoch the rendezvous no longer has, say).</summary>
    public void Send(long epoch, long sequence, int value) => Hub.OnItem(StreamGrainIds.ForStream(Stream), epoch, sequence, FakeRendezvousGrain.Serialize(value));

    /// <summary>
    /// Returns once the subscription to <see cref="Stream"/> has processed everything posted to it before
    /// this call: adding (and removing) an observer is work queued behind it.
    /// </summary>
    public async Task SettleAsync()
    {
        var probe = await SubscribeAsync(new RecordingStreamObserver());
        await ChangeSignal.WithinTimeout(probe.UnsubscribeAsync(), "a probe observer's removal to complete");
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
