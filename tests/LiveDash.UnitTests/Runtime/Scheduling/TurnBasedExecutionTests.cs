using LiveDash.UnitTests.Runtime.TestGrains;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Scheduling;

public sealed class TurnBasedExecutionTests
{
    [Fact]
    public async Task NonReentrantGrain_HundredConcurrentCallers_TurnsNeverOverlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITurnGrain>("one");

        // Callers on many pool threads at once; each turn yields twice inside.
        var calls = Enumerable.Range(0, 100).Select(_ => Task.Run(() => grain.EnterAsync())).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
        Assert.False(await grain.SawParallelExecutionAsync());
        Assert.Equal(Enumerable.Range(1, 100), results.Order());
    }

    [Fact]
    public async Task NonReentrantGrain_SecondCallWhileFirstAwaits_WaitsForWholeFirstTurn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITurnGrain>("gated");

        var first = grain.WaitAtGateAsync("a");
        await silo.Probe.WhenRecorded("start:a");
        var second = grain.PingAsync().AsTask();
        silo.Probe.Gate("a").SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(["start:a", "end:a", "ping"], silo.Probe.Events);
    }

    [Fact]
    public async Task ReentrantGrain_SecondCallWhileFirstAwaits_InterleavesAtTheAwait()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantTurnGrain>("gated");

        var first = grain.WaitAtGateAsync("a");
        await silo.Probe.WhenRecorded("start:a");

        // Completes while the first call is still parked at its gate.
        Assert.Equal("pong", await grain.PingAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(first.IsCompleted);

        silo.Probe.Gate("a").SetResult();
        await first;
        Assert.Equal(["start:a", "ping", "end:a"], silo.Probe.Events);
    }

    [Fact]
    public async Task ReentrantGrain_HundredConcurrentCallers_InterleaveButNeverRunInParallel()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantTurnGrain>("many");

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => grain.EnterAsync())));

        Assert.True(await grain.GetMaxConcurrencyAsync() > 1, "reentrant turns should interleave at their awaits");
        Assert.False(await grain.SawParallelExecutionAsync());
    }
}
