using System.Collections.Concurrent;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Placement;
using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Streaming.Delivery;
using LiveDash.Runtime.Streaming.Rendezvous;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Streaming.Subscription;

/// <summary>
/// This node's stream subscriptions, one per stream however many observers: routes arriving items to
/// them, renews their leases, and tells them when the cluster view moves a stream or the connection to
/// a stream's silo closes. Thread-safe.
/// </summary>
internal sealed class StreamSubscriberHub : IAsyncDisposable
{
    private static readonly TimeSpan s_disposeTimeout = TimeSpan.FromSeconds(5);

    private readonly IServiceProvider _services;
    private readonly StreamNode _node;
    private readonly RuntimeJsonSerializer _serializer;
    private readonly ClusterMembershipService? _membership;
    private readonly ConcurrentDictionary<GrainId, NodeStreamSubscription> _subscriptions = new();
    private readonly Lock _lock = new();
    private ITimer? _renewal;
    private bool _disposed;

    public StreamSubscriberHub(
        IServiceProvider services,
        StreamNode node,
        RuntimeJsonSerializer serializer,
        IOptions<StreamOptions> options,
        StreamStatistics statistics,
        TimeProvider time,
        ILogger<StreamSubscriberHub> logger)
    {
        _services = services;
        _node = node;
        _serializer = serializer;
        Options = options.Value;
        Statistics = statistics;
        Time = time;
        Logger = logger;

        // Items and connection losses reach the hub through the node's message handler (absent on a standalone silo).
        services.GetService<RuntimeMessageHandler>()?.SetStreams(this);
        _membership = services.GetService<ClusterMembershipService>();
        _membership?.OnChanged((view, _) => OnViewChanged(view));
    }

    public StreamOptions Options { get; }

    public StreamStatistics Statistics { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public string NodeId => _node.Id;

    public bool IsDisposed => Volatile.Read(ref _disposed);

    public async Task<StreamSubscriptionHandle> SubscribeAsync<T>(StreamId streamId, IStreamObserver<T> observer, StreamSequenceToken? from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var done = new TaskCompletionSource<StreamSubscriptionHandle>(TaskCreationOptions.RunContinuationsAsynchronously);
        var add = new SubscriptionWork.Add(StreamObserverEntry.For(observer), from, done);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var rendezvousId = StreamGrainIds.ForStream(streamId);
            if (!_subscriptions.TryGetValue(rendezvousId, out var subscription))
            {
                var rendezvous = _services.GetRequiredService<IGrainFactory>().GetGrain<IStreamRendezvousGrain>(streamId.ToString());
                subscription = new NodeStreamSubscription(this, streamId, typeof(T), rendezvous, payload => _serializer.DeserializeValue<T>(payload.Span));
                _subscriptions[rendezvousId] = subscription;
                Statistics.OnSubscriptionAdded();
                subscription.Start();
                _renewal ??= Time.CreateTimer(static hub => ((StreamSubscriberHub)hub!).RenewAll(), this, Options.LeaseRenewalPeriod, Options.LeaseRenewalPeriod);
            }
            else if (subscription.ItemType != typeof(T))
            {
                throw new InvalidOperationException(
                    $"Stream {streamId} is already subscribed on this node with items of type {subscription.ItemType.FullName}; every subscriber of a stream must use one item type, not {typeof(T).FullName}.");
            }

            subscription.PendingAdds++;
            subscription.TryPost(add);
        }

        try
        {
            return await done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up; if the observer is added after all, take it out again.
            _ = done.Task.ContinueWith(static added => added.Result.UnsubscribeAsync(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>A stream item message arrived (on a connection's reader loop: hands off at once).</summary>
    public void OnItemMessage(Message message)
    {
        if (!StreamItemFrame.TryDecode(message.Body, out var epoch, out var payload))
        {
            StreamLog.MalformedItem(Logger, message.Target);
            return;
        }

        OnItem(message.Target, epoch, message.Id, payload);
    }

    /// <summary>An item for the stream of <paramref name="rendezvousId"/>; dropped when this node does not subscribe to it.</summary>
    public void OnItem(GrainId rendezvousId, long epoch, long sequence, ReadOnlyMemory<byte> payload)
    {
        Statistics.OnItemReceived();
        if (_subscriptions.TryGetValue(rendezvousId, out var subscription))
        {
            subscription.OnItem(epoch, sequence, payload);
        }
    }

    /// <summary>A connection with <paramref name="silo"/> closed: subscriptions held there stop receiving until restored.</summary>
    public void OnConnectionClosed(SiloAddress silo, Exception? reason)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.SubscribedAt == silo)
            {
                subscription.OnLost(new SiloUnavailableException(
                    $"The connection to silo {silo}, which carries stream {subscription.StreamId}, closed" + (reason is null ? "." : $": {reason.Message}")));
            }
        }
    }

    /// <summary>The silo that owns <paramref name="rendezvousId"/> in this node's view; null on a standalone silo.</summary>
    public SiloAddress? CurrentOwner(GrainId rendezvousId) => _membership?.CurrentView.GetOwner(rendezvousId);

    public void OnAddProcessed(NodeStreamSubscription subscription)
    {
        lock (_lock)
        {
            subscription.PendingAdds--;
        }
    }

    /// <summary>Removes a subscription left without observers, unless an observer is on its way to it.</summary>
    public void TryRemove(NodeStreamSubscription subscription)
    {
        lock (_lock)
        {
            if (subscription.PendingAdds > 0 || !_subscriptions.TryRemove(new KeyValuePair<GrainId, NodeStreamSubscription>(subscription.RendezvousId, subscription)))
            {
                return;
            }

            subscription.Complete();
            Statistics.OnSubscriptionRemoved();
        }
    }

    public async ValueTask DisposeAsync()
    {
        NodeStreamSubscription[] subscriptions;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscriptions = [.. _subscriptions.Values];
            _subscriptions.Clear();
            foreach (var subscription in subscriptions)
            {
                subscription.Complete();
            }
        }

        if (_renewal is not null)
        {
            await _renewal.DisposeAsync();
        }

        // Each loop finishes its queue and gives its lease back. Bounded: a stuck observer must not hold
        // up the node's shutdown, and a lease not given back runs out by itself.
        try
        {
            await Task.WhenAll(subscriptions.Select(s => s.Completion)).WaitAsync(s_disposeTimeout, Time);
        }
        catch (TimeoutException)
        {
            StreamLog.ShutdownTimedOut(Logger, subscriptions.Count(s => !s.Completion.IsCompleted), s_disposeTimeout);
        }
    }

    private void OnViewChanged(ClusterView view)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            if (view.GetOwner(subscription.RendezvousId) != subscription.SubscribedAt)
            {
                // The stream moved (its silo left, or a joining silo took it): renew there now, not at the next period.
                subscription.RequestRenewal();
            }
        }
    }

    /// <summary>Queues a renewal on every subscription, as the renewal timer does each period.</summary>
    public void RenewAll()
    {
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.RequestRenewal();
        }
    }
}
