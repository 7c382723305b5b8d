using LiveDash.Grains.Hosting;
using LiveDash.Runtime;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Serialization;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveDash.UnitTests.Grains.Silo;

/// <summary>A test silo hosting the product grains on memory storage (wrapped so writes can be failed) and a manual clock.</summary>
internal static class ProductSilo
{
    // Shorter than the 10-minute batch-id retention, so a collected grain still remembers its batches.
    public static readonly TimeSpan CollectionAge = TimeSpan.FromMinutes(2);

    public static Task<TestSilo> StartAsync(ManualTimeProvider time, Action<ISiloBuilder>? configure = null)
        => TestSilo.StartAsync(time, silo =>
        {
            silo.AddLiveDashGrains();
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                GrainStorageNames.Default,
                (services, _) => new FailingGrainStorage(new MemoryGrainStorage(services.GetRequiredService<RuntimeJsonSerializer>())));
            silo.Services.AddSingleton<RuntimeJsonSerializer>();
            silo.Services.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = CollectionAge;
                o.CollectionScanPeriod = TimeSpan.FromMinutes(1);
            });
            configure?.Invoke(silo);
        });

    public static FailingGrainStorage Storage(this TestSilo silo)
        => (FailingGrainStorage)silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);

    /// <summary>Lets the silo collect every idle activation and waits until they are gone.</summary>
    /// <remarks>
    /// A grain's last change may still send a fire-and-forget call (the topic directory's refresh) that
    /// lands after the clock moved: the receiving activation is then not idle at that scan. So while
    /// some activation stays, the clock moves on by one scan period at a time (at most five), until that
    /// call is older than the collection age too.
    /// </remarks>
    public static async Task CollectAllAsync(this TestSilo silo, ManualTimeProvider time)
    {
        var activations = silo.Catalog.Activations.ToArray();
        var gone = Task.WhenAll(activations.Select(a => a.Deactivated));
        time.Advance(CollectionAge + TimeSpan.FromMinutes(1));
        for (var scan = 0; scan < 5 && !await CompletesWithinAsync(gone, TimeSpan.FromSeconds(2)); scan++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await gone.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
        => await Task.WhenAny(task, Task.Delay(timeout)) == task;
}
