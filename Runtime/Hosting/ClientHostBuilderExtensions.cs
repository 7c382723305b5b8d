using System.Reflection;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>
/// Adds a cluster client to a .NET generic host (Orleans's <c>UseOrleansClient</c>): an
/// <see cref="IClusterClient"/> that finds silos in the membership table and sends each call
/// straight to its grain's owner. A gateway in a cluster uses this instead of co-hosting a silo.
/// </summary>
public static class ClientHostBuilderExtensions
{
    /// <summary>Runs a cluster client in this host; <paramref name="configure"/> picks the membership table and grain types.</summary>
    public static IHostBuilder UseLiveDashClient(this IHostBuilder hostBuilder, Action<IClientBuilder> configure)
        => hostBuilder.ConfigureServices((context, services) => AddClient(services, context.Configuration, configure));

    /// <summary>Runs a cluster client in this host (for <c>WebApplicationBuilder</c> and <c>HostApplicationBuilder</c>).</summary>
    public static IHostApplicationBuilder UseLiveDashClient(this IHostApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        AddClient(builder.Services, builder.Configuration, configure);
        return builder;
    }

    /// <summary>Reads the cluster from <paramref name="table"/> (clients and silos of one process, as in tests).</summary>
    public static IClientBuilder UseInMemoryClustering(this IClientBuilder builder, InMemoryMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return builder.UseClustering(_ => table);
    }

    /// <summary>Reads the cluster from the membership table <paramref name="membershipTable"/> creates.</summary>
    public static IClientBuilder UseClustering(this IClientBuilder builder, Func<IServiceProvider, IMembershipTable> membershipTable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ClusterServices.AddShared(builder.Services, membershipTable);
        return builder;
    }

    /// <summary>
    /// Makes the grain classes of <paramref name="assembly"/> callable: the client learns their grain
    /// type names (it hosts none of them).
    /// </summary>
    public static IClientBuilder AddGrainTypes(this IClientBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var classes = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)).ToArray();
        builder.Services.Configure<GrainClassOptions>(o => o.GrainClasses.UnionWith(classes));
        return builder;
    }

    private static void AddClient(IServiceCollection services, IConfiguration configuration, Action<IClientBuilder> configure)
    {
        if (services.Any(d => d.ImplementationType == typeof(ClusterClientHostedService)))
        {
            throw new InvalidOperationException("UseLiveDashClient was called twice on the same host.");
        }

        if (services.Any(d => d.ServiceType == typeof(Catalog)))
        {
            throw new InvalidOperationException("This host runs a silo: use its IClusterClient instead of adding a client.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.AddSingleton<GrainClassRegistry>();
        services.AddSingleton<CallDeadlineTracker>();
        services.AddSingleton(sp => ClusterServices.CreateHandler(sp, silo: null));
        services.AddSingleton(sp => ClusterServices.CreateConnectionManager(sp, local: null, sp.GetRequiredService<Streaming.Delivery.StreamNode>().ClientId));
        services.AddSingleton(sp => new ClusterRouter(
            sp.GetRequiredService<ClusterMembershipService>(),
            sp.GetRequiredService<Messaging.Transport.ConnectionManager>(),
            sp.GetRequiredService<OutboundCallTable>(),
            sp.GetRequiredService<RemoteCallCodec>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClusterRouter>>(),
            local: null));
        services.AddSingleton(sp => new GrainCallDispatcher(
            sp.GetRequiredService<CallDeadlineTracker>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetRequiredService<ClusterRouter>().Route));
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddHostedService<ClusterClientHostedService>();
        StreamingServices.AddToClient(services);

        configure(new ClientBuilder(services, configuration));
        if (!services.Any(d => d.ServiceType == typeof(IMembershipTable)))
        {
            throw new InvalidOperationException("The cluster client has no membership table: call UseInMemoryClustering or UseClustering (or UsePostgresClustering) on the client builder.");
        }
    }
}
