using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>Not reentrant: concurrent callers queue, and each turn awaits the stream's numbering of its item.</summary>
[GrainType(GrainTypeName)]
public sealed class StreamBenchProducerGrain(IStreamProvider streams) : StreamBenchProducer(streams), IStreamBenchProducerGrain
{
    /// <summary>The grain type, and the namespace of its stream.</summary>
    public const string GrainTypeName = "bench-stream";
}
