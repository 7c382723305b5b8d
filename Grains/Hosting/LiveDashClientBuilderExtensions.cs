using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Grains.Hosting;

/// <summary>Configures a cluster client (a gateway's) to call the LiveDash grains and read their topic streams.</summary>
public static class LiveDashClientBuilderExtensions
{
    /// <summary>
    /// Names the metric and scoreboard grain types for the client and serializes their calls and topic
    /// items with the same source-generated JSON contexts as the silos.
    /// </summary>
    public static IClientBuilder AddLiveDashGrains(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrainTypes(typeof(LiveDashClientBuilderExtensions).Assembly);
        builder.Services.Configure<SerializationOptions>(o => o.TypeInfoResolvers.Add(GrainsJsonContext.Default));
        return builder;
    }
}
