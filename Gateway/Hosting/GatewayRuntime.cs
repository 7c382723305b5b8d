using LiveDash.Grains.Demo;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Hosting;

/// <summary>
/// The runtime a gateway talks to, chosen by <c>LiveDash:Cluster:Provider</c> (CONTRACT.md): <c>local</c>
/// co-hosts a silo in this process (embedded storage, in-memory membership: <c>./livedash dev</c>);
/// <c>postgres</c> makes the gateway a cluster client of the silos recorded in <c>LiveDash:Cluster:Postgres</c>.
/// Either way the gateway uses the same <c>IClusterClient</c> and <c>IStreamProvider</c>.
/// </summary>
public static class GatewayRuntime
{
    /// <summary>Whether the demo feed runs (CONTRACT.md: on in <c>./livedash dev</c>).</summary>
    public const string DemoKey = "LiveDash:Demo";

    /// <summary>Adds the runtime the configuration asks for.</summary>
    /// <param name="builder">The gateway's builder.</param>
    /// <exception cref="InvalidOperationException">The cluster or storage configuration is invalid.</exception>
    public static void AddConfigured(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (LiveDashSiloBuilderExtensions.IsPostgresCluster(builder.Configuration))
        {
            var postgres = LiveDashSiloBuilderExtensions.RequirePostgres(builder.Configuration);
            UseClusterClient(builder, client => client.AddLiveDashGrains().UsePostgresClustering(postgres));
            return;
        }

        builder.UseLiveDashSilo(silo => silo.AddLiveDashGrains().AddConfiguredClustering().AddConfiguredGrainStorage());
        builder.Services.AddSingleton(new GatewayRuntimeInfo(GatewayRuntimeMode.LocalSilo));
        if (builder.Configuration.GetValue(DemoKey, defaultValue: false))
        {
            builder.Services.AddHostedService<DemoFeed>();
        }
    }

    /// <summary>
    /// Makes the gateway a cluster client whose start runs in the background: the HTTP server comes up at
    /// once and <c>GET /readyz</c> answers 503 until the client sees an Active silo (a plain
    /// <c>UseLiveDashClient</c> would hold the whole host, HTTP included, until then).
    /// </summary>
    /// <param name="builder">The gateway's builder.</param>
    /// <param name="configure">Picks the membership table and grain types, as for <c>UseLiveDashClient</c>.</param>
    public static void UseClusterClient(WebApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var before = services.Where(IsHostedService).ToHashSet(ReferenceEqualityComparer.Instance);
        builder.UseLiveDashClient(configure);

        // The client's hosted services leave the host's list and start, in the same order, inside one
        // background service registered where the first of them was.
        var client = services.Where(d => IsHostedService(d) && !before.Contains(d)).ToArray();
        if (client.Length > 0)
        {
            var index = services.IndexOf(client[0]);
            foreach (var descriptor in client)
            {
                services.Remove(descriptor);
            }

            services.AddSingleton(sp => new BackgroundRuntimeStart(
                sp, client, sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<BackgroundRuntimeStart>>()));
            services.Insert(index, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<BackgroundRuntimeStart>()));
        }

        services.AddSingleton(new GatewayRuntimeInfo(GatewayRuntimeMode.ClusterClient));
    }

    private static bool IsHostedService(ServiceDescriptor descriptor)
        => descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService;
}
