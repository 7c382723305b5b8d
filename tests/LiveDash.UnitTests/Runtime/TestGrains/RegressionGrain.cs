using System.Threading.Tasks.Sources;
using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public abstract class RegressionGrainBase : Grain, IRegressionOperations
{
    private readonly GrainProbe _probe;
    private IGrainTimer? _timer;
    private int _ticks;

    protected RegressionGrainBase(GrainProbe probe)
    {
        _probe = probe;
    }

    protected abstract IRegressionOperations Self { get; }

    /// <summary>Keys starting with "throw-on-stop" register a stopping-token callback that throws (as a careless library's might).</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (GetPrimaryKeyString().StartsWith("throw-on-stop", StringComparison.Ordinal))
        {
            cancellationToken.Register(() => throw new InvalidOperationException("stopping callback failed"));
        }

        return Task.CompletedTask;
    }

    public async Task WaitAtGateAsync(string gate)
    {
        _probe.Record("start:" + gate);
        await _probe.Gate(gate).Task;
        _probe.Record("end:" + gate);
    }

    public Task<string?> ReadAmbientAsync() => Task.FromResult(RegressionAmbient.Value.Value);

    public ValueTask CompletedSourceValueTaskAsync(string name) => new(new CompletedSource(_probe, name), 0);

    public Task StartReschedulingTimerAsync(TimeSpan period, TimeSpan rescheduleDue)
    {
        _timer = RegisterGrainTimer(
            _ =>
            {
                var n = ++_ticks;
                _probe.Record("tick:" + n);
                if (n == 1)
                {
                    _timer!.Change(rescheduleDue, period);
                }

                return Task.CompletedTask;
            },
            period,
            period);
        return Task.CompletedTask;
    }

    public async Task<string> WaitThenCallSelfAsync(string gate)
    {
        _probe.Record("start:" + gate);
        await _probe.Gate(gate).Task;
        return await Self.PingAsync();
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public ValueTask<string> PingAsync()
    {
        _probe.Record("ping:" + GetPrimaryKeyString());
        return ValueTask.FromResult("pong");
    }

    /// <summary>A completed source that, like pooled sources, relies on GetResult being called once to be recycled.</summary>
    private sealed class CompletedSource : IValueTaskSource
    {
        private readonly GrainProbe _probe;
        private readonly string _name;

        public CompletedSource(GrainProbe probe, string name)
        {
            _probe = probe;
            _name = name;
        }

        public ValueTaskSourceStatus GetStatus(short token) => ValueTaskSourceStatus.Succeeded;

        public void GetResult(short token) => _probe.Record("getresult:" + _name);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) => continuation(state);
    }
}

[GrainType("regression")]
public sealed class RegressionGrain : RegressionGrainBase, IRegressionGrain
{
    public RegressionGrain(GrainProbe probe)
        : base(probe)
    {
    }

    protected override IRegressionOperations Self => GrainFactory.GetGrain<IRegressionGrain>(GetPrimaryKeyString());
}

[Reentrant]
[GrainType("reentrant-regression")]
public sealed class ReentrantRegressionGrain : RegressionGrainBase, IReentrantRegressionGrain
{
    public ReentrantRegressionGrain(GrainProbe probe)
        : base(probe)
    {
    }

    protected override IRegressionOperations Self => GrainFactory.GetGrain<IReentrantRegressionGrain>(GetPrimaryKeyString());
}
