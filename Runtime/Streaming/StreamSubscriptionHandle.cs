namespace LiveDash.Runtime.Streaming;

/// <summary>One observer's place in this node's subscription to a stream.</summary>
public abstract class StreamSubscriptionHandle
{
    /// <summary>The stream subscribed to.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>
    /// The position the observer started from: items after it are delivered. When it differs from the
    /// position asked for, a <see cref="StreamReset"/> was delivered first.
    /// </summary>
    public abstract StreamSequenceToken StartPosition { get; }

    /// <summary>Removes the observer; the node's subscription ends with its last observer. Safe to call twice.</summary>
    /// <returns>A task that completes when the observer will receive nothing more.</returns>
    public abstract Task UnsubscribeAsync();
}
