using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public sealed class CallBehaviourGrain : Grain, ICallBehaviourGrain
{
    private readonly GrainProbe _probe;

    public CallBehaviourGrain(GrainProbe probe)
    {
        _probe = probe;
    }

    public Task ThrowBeforeAwaitAsync(string message) => throw new InvalidOperationException(message);

    public async Task<int> ThrowAfterAwaitAsync(string message)
    {
        await Task.Yield();
        throw new TestGrainException(message);
    }

    public async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        _probe.Record("waiting");
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        finally
        {
            _probe.Record("cancelled:" + cancellationToken.IsCancellationRequested);
        }
    }

    public Task RunAsync()
    {
        _probe.Record("ran");
        return Task.CompletedTask;
    }

    public async Task<string> ForwardPingAsync(string turnGrainKey)
        => await GrainFactory.GetGrain<ITurnGrain>(turnGrainKey).PingAsync();
}
