using LiveDash.Runtime;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Messaging;
using LiveDash.TestingHost;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Regressions;

/// <summary>Regression tests for concurrency and failure bugs found in the runtime; each failed before its fix.</summary>
public sealed class RuntimeRegressionTests
{
    /// <summary>
    /// The mailbox loop is started with Task.Factory.StartNew, which captures the ExecutionContext
    /// of the caller whose Post started it; every later message that loop processes (other
    /// callers' calls) runs grain code under that first caller's AsyncLocals (Activity.Current,
    /// logging scopes, IHttpContextAccessor...).
    /// </summary>
    [Fact]
    public async Task SecondCaller_DoesNotSeeFirstCallersAsyncLocals()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IRegressionGrain>("ambient");

        // Caller 1, with an ambient value, starts the mailbox loop and holds the turn.
        var first = Task.Run(() =>
        {
            RegressionAmbient.Value.Value = "caller-1";
            return grain.WaitAtGateAsync("ambient");
        });
        await silo.Probe.WhenRecorded("start:ambient");

        // Caller 2 has no ambient value; its call queues behind caller 1's turn.
        var second = Task.Run(() => grain.ReadAmbientAsync());
        silo.Probe.Gate("ambient").SetResult();
        await first;

        Assert.Null(await second);
    }

    /// <summary>
    /// ReturnAdapters.FromValueTask drops a ValueTask that is already complete without calling
    /// GetResult, so an IValueTaskSource (pooled builders, sockets, channels, MRVTSC-based sources)
    /// is never told it was consumed and is never recycled/reset.
    /// </summary>
    [Fact]
    public async Task ValueTaskGrainMethod_CompletedSourceIsConsumedExactlyOnce()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IRegressionGrain>("vts");

        await grain.CompletedSourceValueTaskAsync("a");

        Assert.Equal(1, silo.Probe.Count("getresult:a"));
    }

    /// <summary>
    /// IGrainTimer.Change called from inside a tick is overwritten when the tick ends:
    /// RunTickAsync re-arms the timer with the period, so the requested due time is lost.
    /// </summary>
    [Fact]
    public async Task TimerChangedInsideItsTick_NextTickHonoursTheNewDueTime()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.GrainFactory.GetGrain<IRegressionGrain>("timer");
        await grain.StartReschedulingTimerAsync(TimeSpan.FromSeconds(1), rescheduleDue: TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(1));
        await grain.PingAsync(); // runs after tick 1 and its re-arm (non-reentrant)
        Assert.Equal(1, silo.Probe.Count("tick:1"));

        // Tick 1 asked for the next tick 10 s later; 2 s on there must be none.
        time.Advance(TimeSpan.FromSeconds(2));
        await grain.PingAsync(); // any tick posted during Advance runs before this ping

        Assert.Equal(0, silo.Probe.Count("tick:2"));
    }

    /// <summary>
    /// A reentrant grain deactivating waits for its interleaved turns with the mailbox loop
    /// blocked; a turn that needs a call into the same activation (a call chain A → A, or
    /// A → B → A) can then only end by that call's ResponseTimeout.
    /// </summary>
    [Fact]
    public async Task ReentrantGrain_DeactivationWhileATurnCallsBack_DoesNotStallUntilResponseTimeout()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.Services.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var grain = silo.GrainFactory.GetGrain<IReentrantRegressionGrain>("chain");

        var first = grain.WaitThenCallSelfAsync("chain");
        await silo.Probe.WhenRecorded("start:chain");
        await grain.DeactivateAsync();
        silo.Probe.Gate("chain").SetResult();

        var finished = await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.True(finished == first, "the turn's call back into its own activation stalled behind the deactivation until ResponseTimeout");
        Assert.Equal("pong", await first);
    }

    /// <summary>
    /// A callback on the stopping token that throws makes CancelAsync fault, DeactivateAllAsync
    /// and StopAsync throw before FailAll: nothing is deactivated, and a call in flight is never
    /// failed; the deadline scan dies with the host, so its caller waits forever.
    /// </summary>
    [Fact]
    public async Task SiloStop_StoppingCallbackThrows_CallInFlightIsStillFailed()
    {
        var silo = await TestSilo.StartAsync(configure: s => s.Services.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromMilliseconds(200)));
        var grain = silo.GrainFactory.GetGrain<IRegressionGrain>("throw-on-stop");
        var stuck = grain.WaitAtGateAsync("never-opened-2");
        await silo.Probe.WhenRecorded("start:never-opened-2");

        try
        {
            await silo.DisposeAsync();
        }
        catch (Exception)
        {
            // The host reports the failed StopAsync; what matters is the caller below.
        }

        var finished = await Task.WhenAny(stuck, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(finished == stuck, "the call in flight was never completed after the silo stopped");
        await Assert.ThrowsAsync<SiloUnavailableException>(() => stuck);
    }

    /// <summary>
    /// Nothing guards the mailbox loop: an exception out of ProcessAsync (here a logger provider
    /// that throws, which Microsoft.Extensions.Logging rethrows as AggregateException, from
    /// RuntimeLog.ActivationFailed) faults the fire-and-forget loop task unobserved and leaves
    /// _loopRunning at 1, so the activation stays in the catalog and no message to it is ever
    /// processed again: every call to that grain id times out, for the life of the silo.
    /// </summary>
    [Fact]
    public async Task MailboxLoop_ExceptionOutOfAMessage_DoesNotWedgeTheActivation()
    {
        await using var silo = await TestSilo.StartAsync(configure: s =>
        {
            s.Services.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(2));
            s.Services.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromSeconds(1)); // the wedged activation never deactivates either
            s.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, ThrowingLoggerProvider>();
        });
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("fail-wedge");

        // The activation fails and logging the failure throws.
        await Assert.ThrowsAnyAsync<Exception>(() => grain.CallAsync());

        // Later calls must at least get an answer other than the response timeout.
        var later = await Record.ExceptionAsync(() => grain.CallAsync());
        Assert.IsNotType<TimeoutException>(later);
    }

    private sealed class ThrowingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void Dispose()
        {
        }

        private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Id == 1001)
                {
                    throw new IOException("log sink unavailable");
                }
            }
        }
    }

    /// <summary>
    /// Catalog.Dispatch checks the stopping flag and only then adds the activation; a call that
    /// passed the check before DeactivateAllAsync took its snapshot of the catalog adds an
    /// activation nobody deactivates: it runs the call during shutdown, never runs
    /// OnDeactivateAsync (state not persisted) and its timers keep firing after the silo stopped.
    /// </summary>
    [Fact]
    public async Task SiloStop_UnderLoad_LeavesNoActivationBehind()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var silo = await TestSilo.StartAsync();
            var catalog = silo.Catalog;
            var factory = silo.GrainFactory;
            var callers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; ; i++)
                {
                    try
                    {
                        await factory.GetGrain<ILifecycleGrain>($"a{w}-{i}").CallAsync();
                    }
                    catch (SiloUnavailableException)
                    {
                        return;
                    }
                }
            })).ToArray();
            await Task.Delay(20);

            await silo.DisposeAsync();
            await Task.WhenAll(callers);

            Assert.True(catalog.Count == 0, $"attempt {attempt}: {catalog.Count} activation(s) created during shutdown were never deactivated: {string.Join(", ", catalog.Activations.Select(a => a.GrainId + " " + a.State))}");
        }
    }
}
