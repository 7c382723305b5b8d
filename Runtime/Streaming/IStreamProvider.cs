namespace LiveDash.Runtime.Streaming;

/// <summary>
/// Hands out streams on this node (silo or cluster client); registered by <c>UseLiveDashSilo</c> and
/// <c>UseLiveDashClient</c>. Grains take it in their constructor.
/// </summary>
public interface IStreamProvider
{
    /// <summary>The stream <paramref name="streamId"/> with items of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The item type; every node uses the same type for one stream.</typeparam>
    /// <param name="streamId">The stream.</param>
    /// <returns>A handle to the stream.</returns>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
