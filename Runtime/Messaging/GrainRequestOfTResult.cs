using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Messaging.Remote;

namespace LiveDash.Runtime.Messaging;

/// <summary>A grain call whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal sealed class GrainRequest<TResult> : GrainRequest
{
    // Continuations run asynchronously so a caller's code never runs inline on the callee's turn
    // (it would hold the callee's scheduler for as long as the caller keeps going).
    // Null for a call that arrived from another node: its response sink answers and nobody awaits a
    // task, so the completion and its task (about 100 bytes per remote call) are not allocated.
    private readonly TaskCompletionSource<TResult>? _completion;

    /// <summary>A call made here, whose caller awaits <see cref="Task"/>.</summary>
    public GrainRequest(GrainMethod<TResult> method, GrainId target, object?[] arguments, CancellationToken callerToken)
        : base(method, target, arguments, callerToken)
    {
        _completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A call that arrived from another node: <paramref name="sink"/> sends its outcome back.</summary>
    public GrainRequest(GrainMethod<TResult> method, GrainId target, object?[] arguments, IGrainResponseSink sink)
        : base(method, target, arguments, CancellationToken.None)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ResponseSink = sink;
    }

    /// <summary>What the caller awaits; only calls made here have one.</summary>
    public Task<TResult> Task => _completion?.Task
        ?? throw new InvalidOperationException($"Call {Method.DisplayName} to {Target} arrived from another node: its response sink answers, there is no task.");

    /// <inheritdoc />
    protected override Task InvokeCoreAsync(object grain)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = ((GrainMethod<TResult>)Method).Invoke(grain, Arguments, GrainCancellationToken);
        }
        catch (Exception exception)
        {
            Fail(exception);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Complete(pending.Result);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        return AwaitAsync(pending);
    }

    protected override void SetException(Exception exception)
    {
        if (ResponseSink is { } sink)
        {
            sink.OnException(this, exception);
        }
        else
        {
            _completion!.SetException(exception);
        }
    }

    /// <inheritdoc />
    public override void CompleteFromResponse(RemoteCallCodec codec, ReadOnlySpan<byte> body)
    {
        TResult result;
        try
        {
            result = codec.ReadResult<TResult>(body);
        }
        catch (Exception exception)
        {
            Fail(new InvalidOperationException($"The result of grain call {Method.DisplayName} to {Target} could not be read: {exception.Message}", exception));
            return;
        }

        Complete(result);
    }

    private async Task AwaitAsync(ValueTask<TResult> pending)
    {
        try
        {
            Complete(await pending);
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private void Complete(TResult result)
    {
        if (!TryMarkCompleted())
        {
            return;
        }

        if (ResponseSink is { } sink)
        {
            sink.OnResult(this, result);
        }
        else
        {
            _completion!.SetResult(result);
        }
    }
}
