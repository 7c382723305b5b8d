using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// One queued send: the message and the completion its sender awaits — or, for a posted send, the
/// callback to tell of a failure (nobody awaits success). Pooled per connection and returned when the
/// sender reads the result (a posted one when the writer is done with it), so a send allocates nothing
/// in the steady state. Completions and failure callbacks run on the thread pool, never inline on the
/// writer loop, so a sender's code cannot stall every other sender's writes.
/// </summary>
internal sealed class SendOperation : IValueTaskSource
{
    private readonly ConcurrentQueue<SendOperation> _pool;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private Action<Exception, object?>? _onFailed;
    private object? _failedState;

    /// <summary>Creates an operation that returns itself to <paramref name="pool"/>.</summary>
    public SendOperation(ConcurrentQueue<SendOperation> pool)
    {
        _pool = pool;
    }

    /// <summary>The message to write; null while pooled.</summary>
    public Message? Message { get; private set; }

    /// <summary>Takes an operation from <paramref name="pool"/>, or a new one, for <paramref name="message"/>.</summary>
    public static SendOperation Rent(ConcurrentQueue<SendOperation> pool, Message message)
    {
        if (!pool.TryDequeue(out var operation))
        {
            operation = new SendOperation(pool);
        }

        operation.Message = message;
        return operation;
    }

    /// <summary>
    /// Takes an operation for a posted send of <paramref name="message"/>: success is silent, a failure
    /// calls <paramref name="onFailed"/> with <paramref name="state"/> on the thread pool.
    /// </summary>
    public static SendOperation RentPosted(ConcurrentQueue<SendOperation> pool, Message message, Action<Exception, object?> onFailed, object? state)
    {
        var operation = Rent(pool, message);
        operation._onFailed = onFailed;
        operation._failedState = state;
        return operation;
    }

    /// <summary>The task the sender awaits; valid until it reads the result.</summary>
    public ValueTask AsValueTask() => new(this, _core.Version);

    /// <summary>The frame was handed to the socket.</summary>
    public void Succeed()
    {
        if (_onFailed is not null)
        {
            ReturnUnused();
            return;
        }

        _core.SetResult(true);
    }

    /// <summary>The frame was not (or not surely) sent.</summary>
    public void Fail(Exception exception)
    {
        if (_onFailed is { } onFailed)
        {
            var state = _failedState;
            ReturnUnused();
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.OnFailed(s.Exception, s.State), (OnFailed: onFailed, Exception: exception, State: state), preferLocal: false);
            return;
        }

        _core.SetException(exception);
    }

    /// <summary>Puts an operation that was never awaited (it did not make it into the queue) back.</summary>
    public void ReturnUnused()
    {
        Message = null;
        _onFailed = null;
        _failedState = null;
        _core.Reset();
        _pool.Enqueue(this);
    }

    /// <inheritdoc />
    public void GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            ReturnUnused();
        }
    }

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
