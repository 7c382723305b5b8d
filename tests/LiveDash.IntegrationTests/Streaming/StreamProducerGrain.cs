using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Streaming;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>Publishes values on the stream named like itself, so the stream lives on its silo.</summary>
[GrainType(Namespace)]
internal sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    /// <summary>The grain type, and the namespace of its streams.</summary>
    public const string Namespace = "producer";

    private readonly IStreamProvider _streams;
    private readonly LocalSiloDetails _silo;

    /// <summary>Created by the runtime.</summary>
    public StreamProducerGrain(IStreamProvider streams, LocalSiloDetails silo)
    {
        _streams = streams;
        _silo = silo;
    }

    /// <summary>The stream a producer grain with <paramref name="key"/> publishes on.</summary>
    public static StreamId StreamOf(string key) => new(Namespace, key);

    /// <inheritdoc />
    public Task<StreamSequenceToken> PublishAsync(int value) => _streams.GetStream<int>(StreamOf(GetPrimaryKeyString())).OnNextAsync(value);

    /// <inheritdoc />
    public Task<string> GetSiloAsync() => Task.FromResult(_silo.Address.ToString());
}
