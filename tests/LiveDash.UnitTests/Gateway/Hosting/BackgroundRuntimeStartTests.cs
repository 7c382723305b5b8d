using LiveDash.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Hosting;

public sealed class BackgroundRuntimeStartTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly FakeLifetime _lifetime = new();
    private readonly List<string> _calls = [];

    [Fact]
    public async Task StartAsync_WrappedStartStillWaiting_ReturnsAtOnceAndReportsNotStarted()
    {
        var first = new BlockingService("first", _calls);
        await using var start = Create(first);

        await start.StartAsync(CancellationToken.None);

        Assert.False(start.IsStarted);
        Assert.False(start.Started.IsCompleted);
        await first.Entered.WaitAsync(s_timeout);
        first.Release();
        await start.Started.WaitAsync(s_timeout);
        Assert.True(start.IsStarted);
    }

    [Fact]
    public async Task StartAsync_SeveralServices_StartInRegistrationOrderAndStopInReverse()
    {
        var first = new BlockingService("first", _calls);
        var second = new BlockingService("second", _calls);
        await using var start = Create(first, second);
        first.Release();
        second.Release();

        await start.StartAsync(CancellationToken.None);
        await start.Started.WaitAsync(s_timeout);
        await start.StopAsync(CancellationToken.None);

        Assert.Equal(["start first", "start second", "stop second", "stop first"], _calls);
    }

    [Fact]
    public async Task StopAsync_DuringTheStart_CancelsItAndStopsOnlyTheServicesThatBegan()
    {
        var first = new BlockingService("first", _calls);
        var second = new BlockingService("second", _calls);
        await using var start = Create(first, second);
        await start.StartAsync(CancellationToken.None);
        await first.Entered.WaitAsync(s_timeout);

        await start.StopAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.True(start.Started.IsCanceled, "the start should end cancelled");
        Assert.Equal(["start first", "stop first"], _calls);
        Assert.Equal(0, _lifetime.StopRequests);
    }

    [Fact]
    public async Task StartAsync_WrappedStartThrows_RecordsTheFailureStopsTheApplicationAndSetsExitCode1()
    {
        var failing = new BlockingService("first", _calls, failWith: new InvalidOperationException("table unreachable"));
        await using var start = Create(failing);
        var exitCode = Environment.ExitCode;
        try
        {
            await start.StartAsync(CancellationToken.None);
            failing.Release();

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => start.Started.WaitAsync(s_timeout));
            Assert.Equal("table unreachable", error.Message);
            Assert.Same(error, start.Failure);
            Assert.Equal(1, _lifetime.StopRequests);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            // The process-wide code is the gateway's to set, not this test run's.
            Environment.ExitCode = exitCode;
        }
    }

    public void Dispose() => _lifetime.Dispose();

    private BackgroundRuntimeStart Create(params IHostedService[] services)
    {
        var provider = new ServiceCollection().BuildServiceProvider();
        var descriptors = services.Select(s => ServiceDescriptor.Singleton(s)).ToArray();
        return new BackgroundRuntimeStart(provider, descriptors, _lifetime, NullLogger<BackgroundRuntimeStart>.Instance);
    }

    /// <summary>A hosted service whose start waits for the test (<see cref="Release"/>) or cancellation.</summary>
    private sealed class BlockingService(string name, List<string> calls, Exception? failWith = null) : IHostedService
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Release() => _release.TrySetResult();

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            lock (calls)
            {
                calls.Add("start " + name);
            }

            _entered.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            if (failWith is not null)
            {
                throw failWith;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            lock (calls)
            {
                calls.Add("stop " + name);
            }

            return Task.CompletedTask;
        }
    }
}
