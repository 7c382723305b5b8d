using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime.TestGrains;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Timers;

public sealed class GrainTimerTests
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Timer_FiresEachPeriod_AsATurn()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("t");
        await grain.StartAsync(s_period);
        silo.Probe.Gate("tick-1").SetResult();
        silo.Probe.Gate("tick-2").SetResult();

        time.Advance(s_period);
        await silo.Probe.WhenRecorded("tick-end:1");
        time.Advance(s_period);
        await silo.Probe.WhenRecorded("tick-end:2");
    }

    [Fact]
    public async Task SlowTick_NextTickWaitsUntilItEnds_AndCallsWaitForTheTick()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("slow");
        await grain.StartAsync(s_period);

        time.Advance(s_period);
        await silo.Probe.WhenRecorded("tick-start:1");

        // Ten periods pass while tick 1 is parked: the timer is not re-armed, so no tick 2.
        time.Advance(10 * s_period);
        var ping = grain.PingAsync();
        Assert.Equal(0, silo.Probe.Count("tick-start:2"));

        silo.Probe.Gate("tick-1").SetResult();
        await ping;
        Assert.Equal(["tick-start:1", "tick-end:1", "ping"], silo.Probe.Events);

        silo.Probe.Gate("tick-2").SetResult();
        time.Advance(s_period);
        await silo.Probe.WhenRecorded("tick-end:2");
    }

    [Fact]
    public async Task DisposedTimer_DoesNotFireAgain()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("stopped");
        await grain.StartAsync(s_period);
        silo.Probe.Gate("tick-1").SetResult();
        time.Advance(s_period);
        await silo.Probe.WhenRecorded("tick-end:1");

        await grain.StopAsync();
        time.Advance(5 * s_period);
        await grain.PingAsync();

        Assert.Equal(0, silo.Probe.Count("tick-start:2"));
    }
}
