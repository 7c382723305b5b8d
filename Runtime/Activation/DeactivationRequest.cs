namespace LiveDash.Runtime.Activation;

/// <summary>A mailbox message asking the activation to deactivate once the turns before it are done.</summary>
internal sealed class DeactivationRequest
{
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeactivationRequest(DeactivationReason reason, long requestedTimestamp)
    {
        Reason = reason;
        RequestedTimestamp = requestedTimestamp;
    }

    public DeactivationReason Reason { get; }

    /// <summary>When it was asked for: an idle collection is abandoned if a call ran after this.</summary>
    public long RequestedTimestamp { get; }

    /// <summary>True when this request deactivated the activation, false when it was abandoned or already done.</summary>
    public Task<bool> Completion => _completion.Task;

    public void Complete(bool deactivated) => _completion.TrySetResult(deactivated);
}
