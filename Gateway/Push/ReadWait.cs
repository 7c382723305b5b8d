using System.Threading.Tasks.Sources;

namespace LiveDash.Gateway.Push;

/// <summary>
/// The one pending <see cref="PushConnection.WaitToReadAsync"/> of a connection, reused for every wait:
/// a <see cref="ManualResetValueTaskSourceCore{TResult}"/> instead of a new <see cref="TaskCompletionSource{TResult}"/>,
/// task and cancellable <c>WaitAsync</c> promise per event (~400 bytes per event per connection, measured
/// by the fanout benchmark). Continuations run asynchronously, as before: completing the wait happens
/// under the connection's lock (inside a topic channel's lock when offering), and the writer must not
/// run there.
/// </summary>
/// <remarks>
/// <see cref="Start"/>, <see cref="TryComplete"/> and the cancellation callback all run under the
/// connection's lock (<see cref="_gate"/>), so they never race; the token is registered per wait (its
/// source reuses the registration's node) and unregistered when the result is read.
/// </remarks>
internal sealed class ReadWait : IValueTaskSource<bool>
{
    private readonly Lock _gate;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;
    private bool _pending;

    public ReadWait(Lock gate)
    {
        _gate = gate;
    }

    /// <summary>Starts a wait (under the connection's lock; none may be pending).</summary>
    public ValueTask<bool> Start(CancellationToken cancellationToken)
    {
        if (_pending)
        {
            throw new InvalidOperationException("A push connection has one reader: WaitToReadAsync was called while a wait was pending.");
        }

        _core.Reset();
        _pending = true;
        if (cancellationToken.CanBeCanceled)
        {
            // A token cancelled from here on runs Cancel, which waits for the lock held here (or, cancelled
            // on this thread, re-enters it): the wait then ends with OperationCanceledException.
            _registration = cancellationToken.UnsafeRegister(static (state, token) => ((ReadWait)state!).Cancel(token), this);
        }

        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>Completes a pending wait with <paramref name="readable"/> (under the connection's lock); false when none is pending.</summary>
    public bool TryComplete(bool readable)
    {
        if (!_pending)
        {
            return false;
        }

        _pending = false;
        _core.SetResult(readable);
        return true;
    }

    public bool GetResult(short token)
    {
        // Unregister without waiting for a callback in flight: it finds no pending wait and does nothing.
        _registration.Unregister();
        _registration = default;
        return _core.GetResult(token);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    private void Cancel(CancellationToken token)
    {
        lock (_gate)
        {
            if (_pending)
            {
                _pending = false;
                _core.SetException(new OperationCanceledException(token));
            }
        }
    }
}
