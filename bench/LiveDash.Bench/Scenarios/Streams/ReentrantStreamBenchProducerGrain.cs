using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>Reentrant: a call's turn yields while its item is being numbered, so the next call publishes meanwhile.</summary>
[GrainType(GrainTypeName)]
[Reentrant]
public sealed class ReentrantStreamBenchProducerGrain(IStreamProvider streams) : StreamBenchProducer(streams), IReentrantStreamBenchProducerGrain
{
    /// <summary>The grain type, and the namespace of its stream.</summary>
    public const string GrainTypeName = "bench-stream-reentrant";
}
