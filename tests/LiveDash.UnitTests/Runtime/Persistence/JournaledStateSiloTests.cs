using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Persistence;

/// <summary>A grain with a [JournaledState] constructor parameter, in a silo.</summary>
public sealed class JournaledStateSiloTests
{
    private const string JournalName = "amounts";
    private static readonly GrainId s_counter = new("journaledcounter", "c");

    [Fact]
    public async Task JournaledState_Reactivation_RebuildsStateFromSnapshotPlusTail()
    {
        await using var silo = await TestSilo.StartAsync(configure: s =>
        {
            s.AddMemoryGrainStorage();
            s.Services.Configure<JournalOptions>(options => options.MaxTailEntries = 3);
        });
        var grain = silo.GrainFactory.GetGrain<IJournaledCounterGrain>("c");

        // Five appends: the third carries a snapshot (total 6), the last two (4, 5) form the tail.
        for (var amount = 1; amount <= 5; amount++)
        {
            await grain.AddAsync(amount);
        }

        await grain.DeactivateAsync();
        await silo.Probe.WhenRecorded("deactivate:c:ApplicationRequested");

        Assert.Equal(15, await grain.GetAsync());
        Assert.Equal(["activate:c:0:none:0", "deactivate:c:ApplicationRequested", "activate:c:15:6:2"], silo.Probe.Events);
        var storage = (IJournalStorage)silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var record = await storage.ReadJournalAsync(JournalName, s_counter, CancellationToken.None);
        Assert.Equal(5, record.Version);
        Assert.Equal(3, record.SnapshotVersion);
    }

    [Fact]
    public async Task JournaledState_AnotherWriterAppended_AppendThrowsActivationDeactivatesNextCallSeesBoth()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddMemoryGrainStorage());
        var grain = silo.GrainFactory.GetGrain<IJournaledCounterGrain>("c");
        await grain.AddAsync(1);

        // Another owner appends behind this activation's back.
        var storage = (IJournalStorage)silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        await storage.AppendJournalAsync(JournalName, s_counter, expectedVersion: 1, "100"u8.ToArray(), snapshot: null, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AddAsync(1));
        await silo.Probe.WhenRecorded("deactivate:c:InconsistentState");

        Assert.Equal(102, await grain.AddAsync(1));
    }

    [Fact]
    public async Task JournaledState_StorageWithoutJournals_ActivationFailsNamingGrainJournalAndProvider()
    {
        await using var silo = await TestSilo.StartAsync(configure: s =>
            s.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new StateOnlyStorage()));
        var grain = silo.GrainFactory.GetGrain<IJournaledCounterGrain>("c");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetAsync());

        Assert.Contains("journaledcounter/c", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'amounts'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Default'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(StateOnlyStorage), ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A grain storage that keeps no journals.</summary>
    private sealed class StateOnlyStorage : IGrainStorage
    {
        public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
            where TState : new()
            => Task.CompletedTask;

        public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
            where TState : new()
            => Task.CompletedTask;

        public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
            where TState : new()
            => Task.CompletedTask;
    }
}
