namespace LiveDash.Runtime.Membership;

/// <summary>
/// Runs a callback on the thread pool whenever it is signalled, never concurrently with itself:
/// signals that arrive while it runs coalesce into one more run. How membership tables tell a
/// subscriber "the table may have changed" — the subscriber reads the table, so one read after a burst
/// of changes is as good as one per change.
/// </summary>
internal sealed class CoalescingCallback
{
    private readonly Action _callback;
    private readonly Action<Exception> _onError;
    private int _pending;
    private int _stopped;

    /// <param name="callback">The subscriber's callback.</param>
    /// <param name="onError">Told when the callback throws; the callback stays subscribed.</param>
    public CoalescingCallback(Action callback, Action<Exception> onError)
    {
        _callback = callback;
        _onError = onError;
    }

    /// <summary>Asks for a run: starts one, or makes the running one go round once more.</summary>
    public void Signal()
    {
        // 0 → 1 starts a drain; a signal while draining (1 → 2) makes it run once more.
        if (Interlocked.Increment(ref _pending) == 1)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>No run starts after this (a run already under way finishes).</summary>
    public void Stop() => Volatile.Write(ref _stopped, 1);

    private void Drain()
    {
        do
        {
            Volatile.Write(ref _pending, 1);
            if (Volatile.Read(ref _stopped) == 0)
            {
                try
                {
                    _callback();
                }
                catch (Exception exception)
                {
                    _onError(exception);
                }
            }
        }
        while (Interlocked.Decrement(ref _pending) != 0);
    }
}
