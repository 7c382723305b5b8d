using System.Collections.Concurrent;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming.Rendezvous;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>Hands out one <see cref="FakeRendezvousGrain"/> per stream key; any other grain is a test error.</summary>
internal sealed class FakeGrainFactory : IGrainFactory
{
    /// <summary>The epoch fake rendezvous grains start in; small, so positions read well in failures.</summary>
    public const long FirstEpoch = 100;

    private readonly ConcurrentDictionary<string, FakeRendezvousGrain> _rendezvous = new(StringComparer.Ordinal);

    public FakeRendezvousGrain Rendezvous(string key) => _rendezvous.GetOrAdd(key, _ => new FakeRendezvousGrain(FirstEpoch));

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
        => typeof(TGrainInterface) == typeof(IStreamRendezvousGrain)
            ? (TGrainInterface)(object)Rendezvous(key)
            : throw new NotSupportedException($"The stream subscription tests have no grain {typeof(TGrainInterface).Name}.");
}
