using LiveDash.Runtime.Activation;

namespace LiveDash.Runtime.Timers;

/// <summary>
/// A grain timer. Each firing enqueues the timer itself in the activation's mailbox, so the
/// callback runs as a turn; the next firing is armed only when that turn has finished, so
/// ticks never overlap however long a callback takes.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private TimeSpan _period;
    private bool _inTick;
    private TimeSpan? _dueAfterTick;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _period = options.Period;
        Interleave = options.Interleave;
        KeepAlive = options.KeepAlive;
        _timer = activation.Catalog.Time.CreateTimer(static s => ((GrainTimer)s!).OnFired(), this, options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool Interleave { get; }

    public bool KeepAlive { get; }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        if (_inTick)
        {
            // Called by the tick itself: arm when the tick ends (ticks never overlap), with this
            // due time rather than the period.
            _dueAfterTick = dueTime;
            return;
        }

        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Runs one tick; called by the activation as a turn.</summary>
    public async Task RunTickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _inTick = true;
        _dueAfterTick = null;
        try
        {
            await _callback(_state, _disposed.Token);
        }
        catch (Exception exception)
        {
            // A failing tick is reported and the timer keeps its schedule, as in Orleans.
            RuntimeLog.TimerTickFailed(_activation.Catalog.Logger, exception, _activation.GrainId);
        }
        finally
        {
            _inTick = false;
        }

        var next = _dueAfterTick ?? _period;
        if (!_disposed.IsCancellationRequested && next != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(next, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void OnFired()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _activation.Post(this);
        }
    }
}
