using LiveDash.Runtime;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveDash.TestingHost;

/// <summary>Registers the default grain storage of a test silo over a store shared by the cluster.</summary>
internal static class SharedMemoryStorageExtensions
{
    public static IServiceCollection AddSharedMemoryGrainStorage(this IServiceCollection services, Func<RuntimeJsonSerializer, MemoryGrainStorage> create)
    {
        services.AddOptions<SerializationOptions>();
        services.TryAddSingleton<RuntimeJsonSerializer>();
        services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, (sp, _) => create(sp.GetRequiredService<RuntimeJsonSerializer>()));
        return services;
    }
}
