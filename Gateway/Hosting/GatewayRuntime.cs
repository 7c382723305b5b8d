using LiveDash.Grains.Demo;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;

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
            builder.UseLiveDashClient(client => client.AddLiveDashGrains().UsePostgresClustering(postgres));
            return;
        }

        builder.UseLiveDashSilo(silo => silo.AddLiveDashGrains().AddConfiguredClustering().AddConfiguredGrainStorage());
        if (builder.Configuration.GetValue(DemoKey, defaultValue: false))
        {
            builder.Services.AddHostedService<DemoFeed>();
        }
    }
}
