using LiveDash.Runtime;
using LiveDash.Runtime.Activation;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Activation;

public sealed class ActivationLifecycleTests
{
    [Fact]
    public async Task FirstCall_ActivatesOnceBeforeRunning()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("k");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.CallAsync()));

        Assert.Equal("activate:k", silo.Probe.Events[0]);
        Assert.Equal(1, silo.Probe.Count("activate:k"));
        Assert.Equal(10, silo.Probe.Count("call:k"));
    }

    [Fact]
    public async Task DeactivateOnIdle_RunsOnDeactivate_NextCallActivatesAgain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("k");
        Assert.Equal(1, await grain.CallAsync());

        await grain.DeactivateAsync();
        await silo.Probe.WhenRecorded("deactivate:k:ApplicationRequested");

        Assert.Equal(2, await grain.CallAsync());
        Assert.Equal(2, silo.Probe.Count("activate:k"));
    }

    [Fact]
    public async Task CallsArrivingDuringDeactivation_AreServedByTheNextActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("slow-k");
        await grain.CallAsync();
        await grain.DeactivateAsync();
        await silo.Probe.WhenRecorded("deactivating:slow-k");

        // These queue behind OnDeactivateAsync, which is parked at its gate.
        var later = Enumerable.Range(0, 20).Select(_ => grain.CallAsync()).ToArray();
        Assert.Equal(1, silo.Probe.Count("call:slow-k"));
        silo.Probe.Gate("deactivate-slow-k").SetResult();
        var numbers = await Task.WhenAll(later);

        Assert.All(numbers, n => Assert.Equal(2, n));
        Assert.Equal(1, silo.Probe.Count("deactivate:slow-k:ApplicationRequested"));
        Assert.Equal(2, silo.Probe.Count("activate:slow-k"));
    }

    [Fact]
    public async Task OnActivateThrows_CallerGetsTheException_NextCallRetriesActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("fail-1");

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.CallAsync());
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.CallAsync());

        Assert.Equal("activation of fail-1 refused", first.Message);
        Assert.Equal("activation of fail-1 refused", second.Message);
        Assert.Equal(2, silo.Probe.Count("activate:fail-1"));
        Assert.Equal(0, silo.Probe.Count("call:fail-1"));
    }

    [Fact]
    public async Task SiloStop_DeactivatesEveryActivation()
    {
        var silo = await TestSilo.StartAsync();
        var probe = silo.Probe;
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => silo.GrainFactory.GetGrain<ILifecycleGrain>("s" + i).CallAsync()));

        await silo.DisposeAsync();

        Assert.Equal(5, probe.Events.Count(e => e.EndsWith(":ShuttingDown", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SiloStop_TurnOutlivesDeactivationTimeout_ItsCallerIsToldInsteadOfWaitingForever()
    {
        var silo = await TestSilo.StartAsync(configure: s => s.Services.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromMilliseconds(200)));
        var grain = silo.GrainFactory.GetGrain<ITurnGrain>("stuck");
        var stuck = grain.WaitAtGateAsync("never-opened");
        await silo.Probe.WhenRecorded("start:never-opened");

        await silo.DisposeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("stopped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_InterfaceWithoutGrainClass_ThrowsNamingTheInterface()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => silo.GrainFactory.GetGrain<IUnimplementedGrain>("x"));

        Assert.Contains(nameof(IUnimplementedGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_InterfaceOfSeveralClasses_ThrowsNamingBoth()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => silo.GrainFactory.GetGrain<ISharedGrain>("x"));

        Assert.Contains(nameof(SharedOneGrain), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SharedTwoGrain), error.Message, StringComparison.Ordinal);
    }
}
