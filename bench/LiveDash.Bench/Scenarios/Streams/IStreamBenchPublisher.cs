using LiveDash.Runtime;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>
/// What the <c>streams</c> scenario asks of a producer grain: publish one item on its own stream per call.
/// Implemented by two grain classes, so call it through <see cref="IStreamBenchProducerGrain"/> or
/// <see cref="IReentrantStreamBenchProducerGrain"/>.
/// </summary>
public interface IStreamBenchPublisher : IGrainWithStringKey
{
    /// <summary>Publishes the next item, tagged with the caller's <paramref name="slot"/>; completes once the stream has numbered it.</summary>
    Task PublishAsync(int slot);
}
