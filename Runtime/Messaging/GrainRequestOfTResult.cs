using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Messaging.Remote;

namespace LiveDash.Runtime.Messaging;

/// <summary>A grain call whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal sealed class GrainRequest<TResult> : GrainRequest
{
    // Continuations run asynchronously so a caller's code never runs inline on the callee's turn
    // (it would hold the callee's scheduler for as long as the caller keeps going).
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainRequest(GrainMethod<TResult> method, GrainId target, object?[] arguments, CancellationToken callerToken)
        : base(method, target, arguments, callerToken)
    {
    }

    /// <summary>What the caller awaits.</summary>
    public Task<TResult> Task => _completion.Task;

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
            _completion.SetException(exception);
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
            _completion.SetResult(result);
        }
    }
}
