namespace LiveDash.Gateway.Auth;

/// <summary>One connection's watch over its grant (<see cref="GrantLifetime.Watch"/>). Dispose it when the connection closes.</summary>
public sealed class GrantWatch : IDisposable
{
    // CancellationTokenSource timers take at most uint.MaxValue - 1 ms (about 49 days).
    private static readonly TimeSpan s_maxTimerDelay = TimeSpan.FromDays(45);

    private readonly GrantLifetime _owner;
    private readonly CancellationTokenSource _expired;
    private readonly object _gate = new();
    private bool _disposed;

    internal GrantWatch(GrantLifetime owner, AccessGrant grant, bool fromKey, DateTimeOffset? expiresAt, TimeProvider time)
    {
        _owner = owner;
        Grant = grant;
        FromKey = fromKey;
        var remaining = expiresAt is { } end ? end - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (remaining == Timeout.InfiniteTimeSpan || remaining > s_maxTimerDelay)
        {
            // No expiry, or one beyond what a timer can wait for (SessionLifetime is at most 30 days).
            _expired = new CancellationTokenSource();
        }
        else if (remaining > TimeSpan.Zero)
        {
            _expired = new CancellationTokenSource(remaining, time);
        }
        else
        {
            _expired = new CancellationTokenSource();
            _expired.Cancel();
        }

        Expired = _expired.Token;
    }

    /// <summary>Fires when the credentials end: the connection must close with <c>4001 reauthenticate</c>.</summary>
    public CancellationToken Expired { get; }

    /// <summary>The grant watched.</summary>
    public AccessGrant Grant { get; }

    /// <summary>Whether the grant came from a key (bearer or ticket), whose removal ends it.</summary>
    internal bool FromKey { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _owner.Forget(this);
        _expired.Dispose();
    }

    /// <summary>Ends the grant now (its key was removed). Callbacks run on the thread pool, not on the reloading thread.</summary>
    internal void Expire()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _ = _expired.CancelAsync();
            }
        }
    }
}
