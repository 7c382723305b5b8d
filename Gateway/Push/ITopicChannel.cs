using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// A topic as the gateway follows it: one stream subscription, the state it applies items to, the
/// replay ring, and the connections that follow it (<see cref="TopicChannel{TData, TDelta}"/>).
/// </summary>
internal interface ITopicChannel
{
    Topic Topic { get; }

    /// <summary>Starts the channel once (subscribe, then load the snapshot); every caller gets the same outcome.</summary>
    /// <returns><see cref="SubscribeStatus.Subscribed"/>, or why the topic cannot be followed.</returns>
    Task<SubscribeStatus> StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds a member and queues its first events (replay after <paramref name="from"/>, or a snapshot).
    /// False when the channel retired meanwhile: the caller gets a fresh channel from the hub.
    /// </summary>
    Task<bool> AttachAsync(TopicMembership member, StreamSequenceToken? from, CancellationToken cancellationToken);

    /// <summary>Removes a member; the last one out starts the idle timer.</summary>
    void Detach(TopicMembership member);

    /// <summary>The newest state as a snapshot event (cached until the next change), or null when the channel stopped.</summary>
    PushEvent? CurrentSnapshot();

    /// <summary>Ends the stream subscription (hub shutdown).</summary>
    Task RetireAsync();
}
