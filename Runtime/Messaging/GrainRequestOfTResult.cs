using LiveDash.Runtime.Invocation;

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

    protected override void SetException(Exception exception) => _completion.SetException(exception);

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
        if (TryMarkCompleted())
        {
            _completion.SetResult(result);
        }
    }
}
