using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Adds a LiveDash silo to a .NET generic host, as Orleans's <c>UseOrleans</c> does.</summary>
public static class SiloHostBuilderExtensions
{
    /// <summary>Runs a silo in this host; <paramref name="configure"/> adds grains and storage.</summary>
    public static IHostBuilder UseLiveDashSilo(this IHostBuilder hostBuilder, Action<ISiloBuilder> configure)
        => hostBuilder.ConfigureServices((context, services) => AddSilo(services, context.Configuration, configure));

    /// <summary>Runs a silo in this host (for <c>WebApplicationBuilder</c> and <c>HostApplicationBuilder</c>).</summary>
    public static IHostApplicationBuilder UseLiveDashSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        AddSilo(builder.Services, builder.Configuration, configure);
        return builder;
    }

    private static void AddSilo(IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder> configure)
    {
        if (services.Any(d => d.ImplementationType == typeof(SiloHostedService)))
        {
            throw new InvalidOperationException("UseLiveDashSilo was called twice on the same host; one host runs one silo.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainCollectionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>();
        services.AddOptions<SerializationOptions>();
        services.TryAddSingleton<RuntimeJsonSerializer>();

        services.AddSingleton<GrainClassRegistry>();
        services.AddSingleton<Catalog>();
        services.AddSingleton<CallDeadlineTracker>();
        services.AddSingleton(sp => new GrainCallDispatcher(
            sp.GetRequiredService<CallDeadlineTracker>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>(),
            sp.GetService<ClusterRouter>() is { } router ? router.Route : sp.GetRequiredService<Catalog>().Dispatch));
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddHostedService<SiloHostedService>();
        StreamingServices.AddToSilo(services);

        configure(new SiloBuilder(services, configuration));
    }
}
