namespace LiveDash.Runtime.Streaming.Subscription;

/// <summary>What a <see cref="NodeStreamSubscription"/>'s loop processes, one at a time, in the order posted.</summary>
internal static class SubscriptionWork
{
    /// <summary>An item arrived from the stream.</summary>
    public sealed record Item(StreamSequenceToken Token, ReadOnlyMemory<byte> Payload);

    /// <summary>An observer joins, from its own position (or none); <paramref name="Done"/> gets its handle.</summary>
    public sealed record Add(StreamObserverEntry Entry, StreamSequenceToken? From, TaskCompletionSource<StreamSubscriptionHandle> Done);

    /// <summary>An observer leaves.</summary>
    public sealed record Remove(StreamObserverEntry Entry, TaskCompletionSource Done);

    /// <summary>The connection to the stream's silo closed.</summary>
    public sealed record Lost(Exception Reason);

    /// <summary>Time to renew the lease (the period passed, or the cluster view moved the stream).</summary>
    public sealed class Renew
    {
        public static readonly Renew Instance = new();
    }

    /// <summary>The pending retry of a lost subscription is due.</summary>
    public sealed class Retry
    {
        public static readonly Retry Instance = new();
    }
}
