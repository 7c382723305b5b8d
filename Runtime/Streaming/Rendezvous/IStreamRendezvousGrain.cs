namespace LiveDash.Runtime.Streaming.Rendezvous;

/// <summary>
/// The grain that carries one stream (Orleans's pub-sub rendezvous, plus the stream's sequence and replay
/// buffer): producers publish through it, subscribing nodes hold leases on it, and it sends each item
/// once to each subscribed node. Its activation is the stream's epoch.
/// </summary>
internal interface IStreamRendezvousGrain : IGrainWithStringKey
{
    /// <summary>Numbers <paramref name="payload"/> (serialised item), buffers it and sends it to every subscribed node.</summary>
    Task<StreamSequenceToken> PublishAsync(byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>The newest position.</summary>
    Task<StreamSequenceToken> GetPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes or renews <paramref name="node"/>'s lease (numbered <paramref name="lease"/> by the node,
    /// one number per subscription it makes), and tells it what it missed since <paramref name="from"/>:
    /// the items after it (at most a page), or why they cannot be replayed.
    /// </summary>
    Task<StreamCatchUp> SubscribeAsync(string node, long lease, StreamSequenceToken? from, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends <paramref name="node"/>'s lease if it is still lease <paramref name="lease"/>: an unsubscribe
    /// that arrives after the node subscribed again must not end the newer subscription.
    /// </summary>
    Task UnsubscribeAsync(string node, long lease, CancellationToken cancellationToken = default);
}
