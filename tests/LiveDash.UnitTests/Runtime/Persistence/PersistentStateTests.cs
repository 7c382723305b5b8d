using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Persistence;

public sealed class PersistentStateTests
{
    [Fact]
    public async Task WrittenState_SurvivesDeactivation_AndIsReadBeforeOnActivate()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddMemoryGrainStorage());
        var grain = silo.GrainFactory.GetGrain<IPersistentCounterGrain>("c");
        await grain.AddAsync(2);
        await grain.AddAsync(3);

        await grain.DeactivateAsync();
        await silo.Probe.WhenRecorded("deactivate:c:ApplicationRequested");

        Assert.Equal(5, await grain.GetAsync());
        Assert.Equal(["activate:c:0", "deactivate:c:ApplicationRequested", "activate:c:5"], silo.Probe.Events);
    }

    [Fact]
    public async Task OtherWriterChangedState_StaleWriteThrows_ActivationDeactivates_NextCallSeesNewState()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddMemoryGrainStorage());
        var grain = silo.GrainFactory.GetGrain<IPersistentCounterGrain>("stale");
        await grain.AddAsync(1);

        // Another owner (say, a silo that took the grain over) writes behind this activation's back.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var grainId = new GrainId("persistentcounter", "stale");
        var other = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", grainId, other, CancellationToken.None);
        other.State.Total = 100;
        await storage.WriteStateAsync("counter", grainId, other, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AddAsync(1));
        await silo.Probe.WhenRecorded("deactivate:stale:InconsistentState");

        Assert.Equal(101, await grain.AddAsync(1));
    }
}
