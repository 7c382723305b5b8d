using LiveDash.Runtime.Activation;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Activation;

public sealed class IdleCollectionTests
{
    private static readonly TimeSpan s_age = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_scan = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ActivationIdleLongerThanCollectionAge_IsDeactivated()
    {
        var time = new ManualTimeProvider();
        await using var silo = await StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        await grain.CallAsync();

        time.Advance(s_age + s_scan);

        await silo.Probe.WhenRecorded("deactivate:idle:ActivationIdle");
        await WaitUntilGoneAsync(silo, "idle");
    }

    [Fact]
    public async Task ActivationYoungerThanCollectionAge_IsKept()
    {
        var time = new ManualTimeProvider();
        await using var silo = await StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("busy");
        await grain.CallAsync();

        // The scans at minutes 1..9 all find it younger than ten minutes.
        time.Advance(s_age - TimeSpan.FromSeconds(1));

        Assert.Equal(1, await grain.CallAsync());
        Assert.Equal(0, silo.Probe.Count("deactivate:busy:ActivationIdle"));
    }

    [Fact]
    public async Task CallDuringIdlePeriod_RestartsTheIdleClock()
    {
        var time = new ManualTimeProvider();
        await using var silo = await StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("renewed");
        await grain.CallAsync();

        time.Advance(TimeSpan.FromMinutes(6));
        await grain.CallAsync();
        time.Advance(TimeSpan.FromMinutes(6));

        // Idle for six minutes only: still the first activation.
        Assert.Equal(1, await grain.CallAsync());

        time.Advance(s_age + s_scan);
        await silo.Probe.WhenRecorded("deactivate:renewed:ActivationIdle");
    }

    private static Task<TestSilo> StartAsync(ManualTimeProvider time)
        => TestSilo.StartAsync(time, silo => silo.Services.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = s_age;
            o.CollectionScanPeriod = s_scan;
        }));

    private static async Task WaitUntilGoneAsync(TestSilo silo, string key)
    {
        var activation = silo.Catalog.Activations.SingleOrDefault(a => a.GrainId.Key == key);
        if (activation is not null)
        {
            await activation.Deactivated.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.DoesNotContain(silo.Catalog.Activations, a => a.GrainId.Key == key);
    }
}
