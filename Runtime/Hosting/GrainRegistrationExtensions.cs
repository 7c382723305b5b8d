using System.Reflection;
using LiveDash.Runtime.Activation;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Runtime.Hosting;

/// <summary>Registers grain classes with a silo.</summary>
public static class GrainRegistrationExtensions
{
    /// <summary>Hosts every non-abstract <see cref="Grain"/> class of <paramref name="assembly"/>.</summary>
    public static ISiloBuilder AddGrains(this ISiloBuilder builder, Assembly assembly)
    {
        var classes = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)).ToArray();
        builder.Services.Configure<GrainClassOptions>(o => o.GrainClasses.UnionWith(classes));
        return builder;
    }

    /// <summary>Hosts the grain class <typeparamref name="TGrain"/>.</summary>
    public static ISiloBuilder AddGrain<TGrain>(this ISiloBuilder builder)
        where TGrain : Grain
    {
        builder.Services.Configure<GrainClassOptions>(o => o.GrainClasses.Add(typeof(TGrain)));
        return builder;
    }
}
