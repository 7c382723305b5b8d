using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Messaging.Remote;

namespace LiveDash.Runtime.Messaging;

/// <summary>
/// One grain call in flight: the method, its arguments, the target, the deadline, and the caller's
/// completion. Completed exactly once — by the grain's result, the grain's exception, the deadline
/// or the caller's cancellation, whichever comes first; later attempts are ignored.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and no unmanaged state; it is garbage once the call ends.")]
internal abstract class GrainRequest
{
    private readonly CancellationTokenSource? _grainCancellation;
    private CancellationTokenRegistration _callerRegistration;
    private CallDeadlineTracker? _tracker;
    private ActivationData? _activation;
    private int _completed;

    protected GrainRequest(GrainMethod method, GrainId target, object?[] arguments, CancellationToken callerToken)
    {
        Method = method;
        Target = target;
        Arguments = arguments;
        CallerToken = callerToken;

        // Only methods that accept a token get one: no allocation for the others.
        if (method.CancellationTokenIndex >= 0)
        {
            _grainCancellation = new CancellationTokenSource();
        }
    }

    /// <summary>The method called.</summary>
    public GrainMethod Method { get; }

    /// <summary>The grain called.</summary>
    public GrainId Target { get; }

    /// <summary>The call's arguments (the caller's token sits at the token's index and is not passed on).</summary>
    public object?[] Arguments { get; }

    /// <summary>The token the caller passed, if any.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>For a call that arrived from another node: who sends the outcome back (instead of a task). Set at construction.</summary>
    public IGrainResponseSink? ResponseSink { get; init; }

    /// <summary>For a call that arrived from another node: the connection to answer on.</summary>
    public object? ReplyTo { get; set; }

    /// <summary>For a call that arrived from another node: the caller's message id.</summary>
    public long ReplyId { get; set; }

    /// <summary>For a call sent to another silo: the table where it waits for its response.</summary>
    public OutboundCallTable? OutboundTable { get; set; }

    /// <summary>For a call sent to another silo: the message id its response carries.</summary>
    public long OutboundId { get; set; }

    /// <summary>For a call sent to another silo: the silo it went to.</summary>
    public SiloAddress? SentTo { get; set; }

    /// <summary>Whether the call was already re-routed once after a "not owner" answer.</summary>
    public bool Rerouted { get; set; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> value after which the call has failed.</summary>
    public long DeadlineTimestamp { get; private set; }

    /// <summary>Whether a result, exception, timeout or cancellation has completed the call.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>The token handed to the grain method: cancelled at the deadline or when the caller cancels.</summary>
    protected CancellationToken GrainCancellationToken => _grainCancellation?.Token ?? default;

    /// <summary>Arms the deadline and the caller's cancellation; called once, before the request is queued.</summary>
    public void Start(CallDeadlineTracker tracker, long deadlineTimestamp)
    {
        DeadlineTimestamp = deadlineTimestamp;
        _tracker = tracker;
        tracker.Add(this);
        if (CallerToken.CanBeCanceled)
        {
            _callerRegistration = CallerToken.UnsafeRegister(static s => ((GrainRequest)s!).OnCallerCancelled(), this);
        }
    }

    /// <summary>Whether the call completed already or its deadline has passed (then it is failed now).</summary>
    public bool IsCompletedOrExpired => _tracker?.ExpireIfDue(this) ?? IsCompleted;

    /// <summary>Runs the grain method on <paramref name="activation"/>'s grain and completes the call; never throws.</summary>
    public Task InvokeAsync(ActivationData activation, object grain)
    {
        _activation = activation;
        return InvokeCoreAsync(grain);
    }

    protected abstract Task InvokeCoreAsync(object grain);

    /// <summary>Completes the call with <paramref name="exception"/> unless it already completed.</summary>
    public void Fail(Exception exception)
    {
        if (TryMarkCompleted())
        {
            SetException(exception);
        }
    }

    /// <summary>Fails the call because its deadline passed, and cancels the grain's token.</summary>
    public void TimeOut(TimeSpan responseTimeout)
    {
        Fail(new TimeoutException(
            $"Grain call {Method.DisplayName} to {Target} did not complete within {responseTimeout.TotalMilliseconds:0} ms " +
            $"(MessagingOptions.ResponseTimeout)."));
        CancelGrainToken();
    }

    protected abstract void SetException(Exception exception);

    /// <summary>Completes a call sent to another silo from its successful response body.</summary>
    public abstract void CompleteFromResponse(RemoteCallCodec codec, ReadOnlySpan<byte> body);

    /// <summary>Claims the right to complete the call; true for exactly one caller.</summary>
    protected bool TryMarkCompleted()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        _tracker?.Remove(this);
        _callerRegistration.Dispose();
        OutboundTable?.Forget(this);

        // Stamp the activity before the caller is released, so whoever saw this call complete
        // also sees the activation as recently used (idle collection depends on it).
        _activation?.MarkActive();
        return true;
    }

    private void OnCallerCancelled()
    {
        Fail(new OperationCanceledException($"The caller cancelled grain call {Method.DisplayName} to {Target}.", CallerToken));
        CancelGrainToken();
    }

    private void CancelGrainToken()
    {
        try
        {
            _grainCancellation?.Cancel();
        }
        catch (AggregateException)
        {
            // A grain's own cancellation callback threw; the call has already failed and the grain
            // observes the cancellation, so there is nobody else to tell.
        }
    }
}
