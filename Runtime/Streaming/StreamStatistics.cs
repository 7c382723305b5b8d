using System.Diagnostics.Metrics;

namespace LiveDash.Runtime.Streaming;

/// <summary>
/// What this node's stream subscriptions have done, as counters (thread-safe reads). The same values are
/// published through <see cref="System.Diagnostics.Metrics"/> as the meter <see cref="MeterName"/>
/// (instruments <c>livedash.streams.*</c>, tagged with the node), readable by any metrics listener.
/// </summary>
public sealed class StreamStatistics : IDisposable
{
    /// <summary>The name of the meter the counters are published on.</summary>
    public const string MeterName = "LiveDash.Runtime.Streams";

    private readonly Meter _meter;
    private long _itemsReceived;
    private long _itemsDelivered;
    private long _itemsRecovered;
    private long _duplicatesDropped;
    private long _itemsDroppedBehind;
    private long _resets;
    private long _subscriptionsLost;
    private long _subscriptionsRestored;
    private long _activeSubscriptions;
    private long _queuedItems;

    internal StreamStatistics(Func<string> node)
    {
        _meter = new Meter(MeterName);
        KeyValuePair<string, object?> Tag() => new("livedash.node", node());
        _meter.CreateObservableCounter("livedash.streams.items_received", () => new Measurement<long>(ItemsReceived, Tag()), "{item}", "Stream items this node received from producers, one per item per node however many observers.");
        _meter.CreateObservableCounter("livedash.streams.items_delivered", () => new Measurement<long>(ItemsDelivered, Tag()), "{item}", "Stream items handed to this node's observers, in order.");
        _meter.CreateObservableCounter("livedash.streams.items_recovered", () => new Measurement<long>(ItemsRecovered, Tag()), "{item}", "Missed items fetched again from a producer's replay buffer.");
        _meter.CreateObservableCounter("livedash.streams.items_dropped_behind", () => new Measurement<long>(ItemsDroppedBehind, Tag()), "{item}", "Items dropped on arrival because observers were too far behind; fetched again from the producer later.");
        _meter.CreateObservableCounter("livedash.streams.resets", () => new Measurement<long>(Resets, Tag()), "{reset}", "Jumps that skipped items (new epoch, or a gap older than the replay buffer).");
        _meter.CreateObservableCounter("livedash.streams.subscriptions_lost", () => new Measurement<long>(SubscriptionsLost, Tag()), "{subscription}", "Subscriptions that stopped receiving and were re-established.");
        _meter.CreateObservableUpDownCounter("livedash.streams.queued_items", () => new Measurement<long>(QueuedItems, Tag()), "{item}", "Items received and not yet handed to observers: how far this node's observers lag.");
        _meter.CreateObservableUpDownCounter("livedash.streams.subscriptions", () => new Measurement<long>(ActiveSubscriptions, Tag()), "{subscription}", "Streams this node subscribes to.");
    }

    /// <summary>Items received from producers (network deliveries, or local ones on the producer's own silo).</summary>
    public long ItemsReceived => Interlocked.Read(ref _itemsReceived);

    /// <summary>Items handed to observers (each counted once, however many observers).</summary>
    public long ItemsDelivered => Interlocked.Read(ref _itemsDelivered);

    /// <summary>Missed items fetched again from a producer's replay buffer.</summary>
    public long ItemsRecovered => Interlocked.Read(ref _itemsRecovered);

    /// <summary>Items received twice (a replay overlapping a late delivery) and dropped.</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicatesDropped);

    /// <summary>Items dropped on arrival because this node's observers were too far behind (fetched again later, or a reset).</summary>
    public long ItemsDroppedBehind => Interlocked.Read(ref _itemsDroppedBehind);

    /// <summary>Resets reported to observers.</summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>Times a subscription was lost (each is re-established by itself).</summary>
    public long SubscriptionsLost => Interlocked.Read(ref _subscriptionsLost);

    /// <summary>Times a lost subscription was re-established.</summary>
    public long SubscriptionsRestored => Interlocked.Read(ref _subscriptionsRestored);

    /// <summary>Items received and not yet handed to observers, over all streams: how far this node's observers lag.</summary>
    public long QueuedItems => Interlocked.Read(ref _queuedItems);

    /// <summary>Streams this node subscribes to now.</summary>
    public long ActiveSubscriptions => Interlocked.Read(ref _activeSubscriptions);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    internal void OnItemReceived() => Interlocked.Increment(ref _itemsReceived);

    internal void OnItemDelivered() => Interlocked.Increment(ref _itemsDelivered);

    internal void OnItemRecovered() => Interlocked.Increment(ref _itemsRecovered);

    internal void OnDuplicateDropped() => Interlocked.Increment(ref _duplicatesDropped);

    internal void OnItemDroppedBehind() => Interlocked.Increment(ref _itemsDroppedBehind);

    internal void OnItemQueued() => Interlocked.Increment(ref _queuedItems);

    internal void OnItemDequeued() => Interlocked.Decrement(ref _queuedItems);

    internal void OnReset() => Interlocked.Increment(ref _resets);

    internal void OnSubscriptionLost() => Interlocked.Increment(ref _subscriptionsLost);

    internal void OnSubscriptionRestored() => Interlocked.Increment(ref _subscriptionsRestored);

    internal void OnSubscriptionAdded() => Interlocked.Increment(ref _activeSubscriptions);

    internal void OnSubscriptionRemoved() => Interlocked.Decrement(ref _activeSubscriptions);
}
