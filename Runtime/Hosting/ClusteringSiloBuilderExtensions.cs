using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Makes a silo a member of a cluster: membership table, silo-to-silo TCP, placement.</summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <summary>Joins the cluster whose members share <paramref name="table"/> (silos of one process, as in tests).</summary>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return builder.UseClustering(_ => table);
    }

    /// <summary>
    /// Joins the cluster recorded in the membership table <paramref name="membershipTable"/> creates.
    /// Binds <see cref="ClusterOptions"/> (<c>LiveDash:Cluster</c>), <see cref="SiloEndpointOptions"/>
    /// (<c>LiveDash:Silo</c>), <see cref="MembershipOptions"/> and <see cref="TransportOptions"/>.
    /// </summary>
    public static ISiloBuilder UseClustering(this ISiloBuilder builder, Func<IServiceProvider, IMembershipTable> membershipTable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(membershipTable);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SiloClusterService)))
        {
            throw new InvalidOperationException("Clustering is configured twice on this silo.");
        }

        ClusterServices.AddShared(services, membershipTable);
        services.AddOptions<SiloEndpointOptions>().BindConfiguration(SiloEndpointOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloEndpointOptions>, SiloEndpointOptionsValidator>();

        services.AddSingleton<GrainMethodTable>();
        services.AddSingleton(sp => new RuntimeMessageHandler.SiloParts(
            sp.GetRequiredService<LocalSiloDetails>(),
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<CallDeadlineTracker>(),
            sp.GetRequiredService<GrainMethodTable>(),
            (int)sp.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout.TotalMilliseconds));
        services.AddSingleton(sp => ClusterServices.CreateHandler(sp, sp.GetRequiredService<RuntimeMessageHandler.SiloParts>()));
        services.AddSingleton(sp => ClusterServices.CreateConnectionManager(sp, sp.GetRequiredService<LocalSiloDetails>()));
        services.AddSingleton<ClientConnectionDirectory>();
        services.AddSingleton(ClusterServices.CreateListener);
        services.AddSingleton(sp => new ClusterRouter(
            sp.GetRequiredService<ClusterMembershipService>(),
            sp.GetRequiredService<Messaging.Transport.ConnectionManager>(),
            sp.GetRequiredService<OutboundCallTable>(),
            sp.GetRequiredService<RemoteCallCodec>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClusterRouter>>(),
            (sp.GetRequiredService<LocalSiloDetails>(), sp.GetRequiredService<Catalog>())));
        services.AddSingleton<ISiloProber, TransportSiloProber>();
        services.AddSingleton<MembershipAgent>();
        services.AddSingleton<SiloClusterService>();
        return builder;
    }
}
