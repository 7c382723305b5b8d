using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public sealed class TimerGrain : Grain, ITimerGrain
{
    private readonly GrainProbe _probe;
    private IGrainTimer? _timer;
    private int _ticks;
    private bool _inTick;

    public TimerGrain(GrainProbe probe)
    {
        _probe = probe;
    }

    public Task StartAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(TickAsync, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task PingAsync()
    {
        _probe.Record(_inTick ? "ping-during-tick" : "ping");
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var n = ++_ticks;
        _inTick = true;
        _probe.Record("tick-start:" + n);
        await _probe.Gate("tick-" + n).Task;
        _probe.Record("tick-end:" + n);
        _inTick = false;
    }
}
