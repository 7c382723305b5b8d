using System.Reflection;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Messaging;

namespace LiveDash.Runtime.Invocation;

/// <summary>Creates grain references (proxies) bound to this silo's dispatcher; also the co-hosted <see cref="IClusterClient"/>.</summary>
internal sealed class GrainFactory : IClusterClient
{
    private readonly GrainClassRegistry _registry;
    private readonly GrainCallDispatcher _dispatcher;

    public GrainFactory(GrainClassRegistry registry, GrainCallDispatcher dispatcher)
    {
        _registry = registry;
        _dispatcher = dispatcher;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var descriptor = GrainInterfaceDescriptor.For(typeof(TGrainInterface));
        var grainId = new GrainId(_registry.GetGrainType(typeof(TGrainInterface)), key);
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        ((GrainProxy)(object)proxy!).Initialize(grainId, descriptor, _dispatcher);
        return proxy;
    }
}
