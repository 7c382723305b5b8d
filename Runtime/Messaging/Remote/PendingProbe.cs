namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>A probe waiting for its reply.</summary>
internal sealed class PendingProbe
{
    private readonly TaskCompletionSource<bool> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingProbe(SiloAddress silo)
    {
        Silo = silo;
    }

    /// <summary>The silo probed.</summary>
    public SiloAddress Silo { get; }

    /// <summary>True when the reply came; false when the connection failed first.</summary>
    public Task<bool> Answered => _answered.Task;

    public void Complete(bool answered) => _answered.TrySetResult(answered);
}
