using LiveDash.Runtime.Messaging;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Messaging;

public sealed class GrainCallTests
{
    [Fact]
    public async Task GrainThrowsBeforeAwait_CallerGetsSameTypeAndMessage()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallBehaviourGrain>("e");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowBeforeAwaitAsync("bad input 42"));

        Assert.Equal("bad input 42", error.Message);
    }

    [Fact]
    public async Task GrainThrowsAfterAwait_CallerGetsSameTypeAndMessage()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallBehaviourGrain>("e");

        var error = await Assert.ThrowsAsync<TestGrainException>(() => grain.ThrowAfterAwaitAsync("late failure"));

        Assert.Equal("late failure", error.Message);

        // The activation survives an exception from one call.
        await grain.RunAsync();
    }

    [Fact]
    public async Task DeadlinePasses_CallerGetsTimeout_GrainTokenIsCancelled_QueuedCallNeverRuns()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, s => s.Services.Configure<MessagingOptions>(o =>
        {
            o.ResponseTimeout = TimeSpan.FromSeconds(2);
            o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(100);
        }));
        var grain = silo.GrainFactory.GetGrain<ICallBehaviourGrain>("slow");

        var stuck = grain.WaitForCancellationAsync(CancellationToken.None);
        await silo.Probe.WhenRecorded("waiting");
        var queued = grain.RunAsync();

        time.Advance(TimeSpan.FromSeconds(2.1));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => stuck);
        Assert.Contains("ResponseTimeout", timeout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => queued);
        await silo.Probe.WhenRecorded("cancelled:True");

        // The grain is free again and the expired call was dropped, not run late.
        await grain.RunAsync();
        Assert.Equal(1, silo.Probe.Count("ran"));
    }

    [Fact]
    public async Task CallExpiredWhileQueued_BeforeTheDeadlineScanCame_NeverRuns()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, s => s.Services.Configure<MessagingOptions>(o =>
        {
            o.ResponseTimeout = TimeSpan.FromSeconds(2);
            o.DeadlineCheckInterval = TimeSpan.FromSeconds(10);
        }));
        var grain = silo.GrainFactory.GetGrain<ICallBehaviourGrain>("expired-in-queue");
        using var cancellation = new CancellationTokenSource();
        var stuck = grain.WaitForCancellationAsync(cancellation.Token);
        await silo.Probe.WhenRecorded("waiting");
        var queued = grain.RunAsync();

        // Past the queued call's deadline, but the scan (every 10 s) has not run: only the activation's
        // own check when it takes the call from its queue can keep it from running late.
        time.Advance(TimeSpan.FromSeconds(2.5));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);
        await Assert.ThrowsAsync<TimeoutException>(() => queued);
        await grain.RunAsync();
        Assert.Equal(1, silo.Probe.Count("ran"));
    }

    [Fact]
    public async Task CallerCancels_CallerGetsCancellation_GrainTokenIsCancelled()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICallBehaviourGrain>("cancel");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellationAsync(cancellation.Token);
        await silo.Probe.WhenRecorded("waiting");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await silo.Probe.WhenRecorded("cancelled:True");
    }

    [Fact]
    public async Task GrainCallsAnotherGrain_GetsItsAnswer()
    {
        await using var silo = await TestSilo.StartAsync();

        var answer = await silo.GrainFactory.GetGrain<ICallBehaviourGrain>("a").ForwardPingAsync("b");

        Assert.Equal("pong", answer);
    }

    [Fact]
    public async Task CoHostedClusterClient_CallsGrainsOfItsSilo()
    {
        await using var silo = await TestSilo.StartAsync();
        var client = silo.Services.GetRequiredService<LiveDash.Runtime.IClusterClient>();

        Assert.Equal("pong", await client.GetGrain<ITurnGrain>("via-client").PingAsync());
        Assert.Same(silo.GrainFactory, client);
    }

    [Fact]
    public async Task CompletedCalls_LeaveNoDeadlineEntryBehind()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITurnGrain>("count");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.EnterAsync()));

        Assert.Equal(0, silo.Services.GetRequiredService<CallDeadlineTracker>().Count);
    }
}
