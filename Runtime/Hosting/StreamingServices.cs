using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Delivery;
using LiveDash.Runtime.Streaming.Rendezvous;
using LiveDash.Runtime.Streaming.Subscription;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Streams on a silo (which carries streams and subscribes) and on a cluster client (which subscribes and publishes through silos).</summary>
internal static class StreamingServices
{
    public static void AddToSilo(IServiceCollection services)
    {
        AddShared(services);
        services.AddSingleton(sp => StreamNode.ForSilo(() =>
            sp.GetService<SiloClusterService>() is not null && sp.GetRequiredService<LocalSiloDetails>() is { HasAddress: true } details ? details.Address : null));
        services.AddSingleton(sp => new StreamItemSender(
            sp.GetRequiredService<StreamNode>(),
            sp.GetRequiredService<StreamSubscriberHub>(),
            sp.GetService<ConnectionManager>(),
            sp.GetService<ClientConnectionDirectory>(),
            sp.GetRequiredService<ILogger<StreamItemSender>>()));
    }

    public static void AddToClient(IServiceCollection services)
    {
        AddShared(services);
        services.AddSingleton(_ => StreamNode.ForClient());
    }

    private static void AddShared(IServiceCollection services)
    {
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamOptions>, StreamOptionsValidator>());
        services.AddSingleton(sp => new StreamStatistics(() => sp.GetRequiredService<StreamNode>().Id));
        services.AddSingleton<StreamSubscriberHub>();
        services.AddSingleton<IStreamProvider, StreamProvider>();

        // Silos host the rendezvous grains; clients need the class only to name the grain type.
        services.Configure<GrainClassOptions>(o => o.GrainClasses.Add(typeof(StreamRendezvousGrain)));
    }
}
