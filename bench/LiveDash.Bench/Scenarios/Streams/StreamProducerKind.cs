using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>A producer grain class the <c>streams</c> scenario publishes through, and how its rows are named.</summary>
/// <param name="Variant">The row name's prefix (<c>stream-&gt;client-1</c>).</param>
/// <param name="GrainType">The grain type, which is also its stream's namespace.</param>
/// <param name="GetGrain">The grain with a key, through the interface only this class implements.</param>
internal sealed record StreamProducerKind(string Variant, string GrainType, Func<IGrainFactory, string, IStreamBenchPublisher> GetGrain)
{
    /// <summary>Not reentrant, as the application's grains: the producer.</summary>
    public static StreamProducerKind Turn { get; } = new("stream", StreamBenchProducerGrain.GrainTypeName, (grains, key) => grains.GetGrain<IStreamBenchProducerGrain>(key));

    /// <summary>Reentrant: shows what the producer's turn costs a stream when callers queue on it.</summary>
    public static StreamProducerKind Reentrant { get; } = new("reentrant", ReentrantStreamBenchProducerGrain.GrainTypeName, (grains, key) => grains.GetGrain<IReentrantStreamBenchProducerGrain>(key));

    /// <summary>The stream of the producer with <paramref name="key"/>.</summary>
    public StreamId StreamOf(string key) => new(GrainType, key);
}
