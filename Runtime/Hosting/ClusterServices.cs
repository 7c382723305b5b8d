using System.Net;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>The services silos and cluster clients both need to take part in a cluster.</summary>
internal static class ClusterServices
{
    public static void AddShared(IServiceCollection services, Func<IServiceProvider, IMembershipTable> membershipTable)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.AddOptions<TransportOptions>().BindConfiguration(TransportOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransportOptions>, TransportOptionsValidator>());
        services.AddOptions<SerializationOptions>();
        services.TryAddSingleton<RuntimeJsonSerializer>();

        services.AddSingleton(membershipTable);
        services.AddSingleton(sp => new LocalSiloDetails(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
        services.AddSingleton<ClusterMembershipService>();
        services.AddSingleton<IClusterMembershipView>(sp => sp.GetRequiredService<ClusterMembershipService>());
        services.AddSingleton<OutboundCallTable>();
        services.AddSingleton<RemoteCallCodec>();
        services.AddSingleton<PeerBlockList>();
    }

    public static RuntimeMessageHandler CreateHandler(IServiceProvider services, RuntimeMessageHandler.SiloParts? silo)
        => new(
            services.GetRequiredService<OutboundCallTable>(),
            services.GetRequiredService<RemoteCallCodec>(),
            services.GetRequiredService<ClusterMembershipService>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<RuntimeMessageHandler>>(),
            silo);

    /// <summary>
    /// Connections to silos; <paramref name="local"/> is null in a client (it says so in its handshakes,
    /// with its <paramref name="clientId"/>).
    /// </summary>
    public static ConnectionManager CreateConnectionManager(IServiceProvider services, LocalSiloDetails? local, string? clientId = null)
        => new(
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            local is null ? static () => null : () => local.Address,
            services.GetRequiredService<RuntimeMessageHandler>(),
            services.GetRequiredService<PeerBlockList>(),
            services.GetRequiredService<IOptions<TransportOptions>>().Value,
            services.GetRequiredService<ILogger<ConnectionManager>>(),
            services.GetRequiredService<TimeProvider>(),
            clientId);

    public static ConnectionListener CreateListener(IServiceProvider services)
    {
        var local = services.GetRequiredService<LocalSiloDetails>();
        var endpoint = services.GetRequiredService<IOptions<SiloEndpointOptions>>().Value;
        return new ConnectionListener(
            new IPEndPoint(IPAddress.Parse(endpoint.ListenAddress), endpoint.Port),
            local.ClusterId,
            services.GetRequiredService<RuntimeMessageHandler>(),
            services.GetRequiredService<PeerBlockList>(),
            services.GetRequiredService<IOptions<TransportOptions>>().Value,
            services.GetRequiredService<ILogger<ConnectionListener>>(),
            services.GetRequiredService<ClientConnectionDirectory>());
    }
}
