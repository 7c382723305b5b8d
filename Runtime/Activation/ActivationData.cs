using System.Collections.Concurrent;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Scheduling;
using LiveDash.Runtime.Timers;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Activation;

/// <summary>
/// One activation of a grain: its mailbox, its scheduler and its lifecycle.
/// </summary>
/// <remarks>
/// <para>Messages (calls, timer ticks, deactivation requests) are enqueued from any thread. A single
/// mailbox loop, started as a task on the activation's <see cref="ActivationTaskScheduler"/> when
/// the first message arrives and ended when the mailbox is empty, processes them in order. For a
/// non-reentrant grain the loop awaits each turn, awaits inside the grain included, before the
/// next: that is the turn-based guarantee. For a reentrant grain (and interleaving timers) it
/// starts the turn and moves on; the turns interleave at awaits on the same single-threaded
/// scheduler.</para>
/// <para>Every field except the mailbox and the three marked volatile/interlocked ones is touched
/// only on the scheduler, so none needs a lock.</para>
/// </remarks>
internal sealed class ActivationData
{
    /// <summary>Turns one mailbox loop runs before yielding its thread to other activations.</summary>
    private const int MessagesPerYield = 32;

    [ThreadStatic]
    private static ActivationData? s_constructing;

    private readonly Catalog _catalog;
    private readonly GrainClassInfo _grainClass;
    private readonly ActivationTaskScheduler _scheduler = new();
    private readonly ConcurrentQueue<object> _mailbox = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<GrainTimer> _timers = [];
    private int _loopRunning;
    private volatile ActivationState _state = ActivationState.Creating;
    private long _lastActivityTimestamp;
    private volatile int _interleavedTurns;
    private TaskCompletionSource? _interleavedDrained;
    private TaskCompletionSource? _mailWhileDeactivating;
    private Grain? _grain;
    private Exception? _activationFailure;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, Catalog catalog)
    {
        GrainId = grainId;
        _grainClass = grainClass;
        _catalog = catalog;
        _lastActivityTimestamp = catalog.Time.GetTimestamp();
    }

    /// <summary>The activation whose grain object is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static ActivationData? Constructing => s_constructing;

    public GrainId GrainId { get; }

    public ActivationState State => _state;

    public Catalog Catalog => _catalog;

    /// <summary>Completes when the activation has left the catalog for good.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>True when the calling code runs on this activation's scheduler (grain code does).</summary>
    public bool IsCurrentContext => TaskScheduler.Current == _scheduler;

    /// <summary>Enqueues a call, a timer tick or a deactivation request.</summary>
    public void Post(object message)
    {
        _mailbox.Enqueue(message);
        if (Interlocked.CompareExchange(ref _loopRunning, 1, 0) == 0)
        {
            _scheduler.Start(static s => ((ActivationData)s!).RunMailboxAsync(), this);
        }
        else
        {
            // A reentrant activation waiting for its running turns to finish deactivating keeps
            // serving calls (see WaitForInterleavedTurnsAsync); wake it. The CAS above is a full
            // fence, so this read cannot pass the enqueue.
            Volatile.Read(ref _mailWhileDeactivating)?.TrySetResult();
        }
    }

    /// <summary>Asks for deactivation after the work already queued; the task says whether it happened.</summary>
    public Task<bool> RequestDeactivation(DeactivationReason reason)
    {
        var request = new DeactivationRequest(reason, _catalog.Time.GetTimestamp());
        Post(request);
        return request.Completion;
    }

    /// <summary>
    /// Whether no call completed since <paramref name="cutoffTimestamp"/>. A turn still running is
    /// caught by the re-check inside the deactivation turn, which runs after it.
    /// </summary>
    public bool IsIdleSince(long cutoffTimestamp)
        => _state == ActivationState.Valid
            && _interleavedTurns == 0
            && Volatile.Read(ref _lastActivityTimestamp) <= cutoffTimestamp;

    /// <summary>Records activity now: the activation is not idle.</summary>
    public void MarkActive() => Volatile.Write(ref _lastActivityTimestamp, _catalog.Time.GetTimestamp());

    public void AddTimer(GrainTimer timer) => _timers.Add(timer);

    public void RemoveTimer(GrainTimer timer) => _timers.Remove(timer);

    private async Task RunMailboxAsync()
    {
        while (true)
        {
            var processed = 0;
            while (_mailbox.TryDequeue(out var message))
            {
                try
                {
                    await ProcessAsync(message);
                }
                catch (Exception exception)
                {
                    // Nothing may escape the loop: a faulted loop would leave _loopRunning at 1 and
                    // the activation deaf for good. The message that hit the bug is failed instead.
                    FailUnprocessed(message, exception);
                }
                if (++processed % MessagesPerYield == 0)
                {
                    await Task.Yield();
                }
            }

            // A full fence, not a release-only write: the IsEmpty read below must not move before
            // this store, or a Post in between sees the loop running while the loop sees an empty
            // mailbox, and the message is stranded (store→load reordering, found by the calls bench).
            Interlocked.Exchange(ref _loopRunning, 0);

            // A message enqueued after the last TryDequeue but before the release saw the loop
            // running and did not start one: pick it up here.
            if (_mailbox.IsEmpty || Interlocked.CompareExchange(ref _loopRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task ProcessAsync(object message)
    {
        if (_state == ActivationState.Creating)
        {
            if (message is DeactivationRequest early)
            {
                // Never activated: nothing to run, just leave.
                FinishDeactivation();
                early.Complete(true);
                return;
            }

            await ActivateAsync();
        }

        if (_state == ActivationState.Invalid)
        {
            HandleAfterInvalid(message);
            return;
        }

        switch (message)
        {
            case GrainRequest request:
                await InvokeAsync(request);
                break;
            case GrainTimer timer:
                await TickAsync(timer);
                break;
            case DeactivationRequest deactivation:
                await DeactivateAsync(deactivation);
                break;
        }
    }

    private Task InvokeAsync(GrainRequest request)
    {
        if (request.IsCompletedOrExpired)
        {
            // Timed out or cancelled while queued: never run it, even if the deadline scan has not come by yet.
            return Task.CompletedTask;
        }

        // The request stamps activity itself when it completes (before the caller resumes).
        var turn = request.InvokeAsync(this, _grain!);
        if (_grainClass.IsReentrant)
        {
            TrackInterleaved(turn, countsAsActivity: false);
            return Task.CompletedTask;
        }

        return turn;
    }

    private Task TickAsync(GrainTimer timer)
    {
        var turn = timer.RunTickAsync();
        if (_grainClass.IsReentrant || timer.Interleave)
        {
            TrackInterleaved(turn, timer.KeepAlive);
            return Task.CompletedTask;
        }

        return AwaitTurnAsync(turn, timer.KeepAlive);
    }

    private async Task AwaitTurnAsync(Task turn, bool countsAsActivity)
    {
        await turn;
        if (countsAsActivity)
        {
            MarkActive();
        }
    }

    private void TrackInterleaved(Task turn, bool countsAsActivity)
    {
        if (turn.IsCompleted)
        {
            if (countsAsActivity)
            {
                MarkActive();
            }

            return;
        }

        _interleavedTurns++;
        _ = AwaitInterleavedAsync(turn, countsAsActivity);
    }

    private async Task AwaitInterleavedAsync(Task turn, bool countsAsActivity)
    {
        await turn;
        if (countsAsActivity)
        {
            MarkActive();
        }

        if (--_interleavedTurns == 0)
        {
            _interleavedDrained?.TrySetResult();
        }
    }

    /// <summary>
    /// Waits for interleaved turns (reentrant calls, interleaving timer ticks) before deactivating.
    /// A reentrant grain keeps serving calls meanwhile: a running turn that calls back into its own
    /// grain (directly or A→B→A) would otherwise wait behind this very deactivation until its
    /// deadline. Under constant load that postpones the deactivation, which is the lesser evil.
    /// </summary>
    private async Task WaitForInterleavedTurnsAsync()
    {
        while (_interleavedTurns > 0)
        {
            _interleavedDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_grainClass.IsReentrant)
            {
                var mail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Interlocked.Exchange(ref _mailWhileDeactivating, mail);
                if (_mailbox.IsEmpty)
                {
                    await Task.WhenAny(_interleavedDrained.Task, mail.Task);
                }

                Interlocked.Exchange(ref _mailWhileDeactivating, null);
                ServeCallsWhileDeactivating();
            }
            else
            {
                await _interleavedDrained.Task;
            }
        }

        _interleavedDrained = null;
    }

    private void ServeCallsWhileDeactivating()
    {
        while (_mailbox.TryDequeue(out var message))
        {
            switch (message)
            {
                case GrainRequest request when !request.IsCompleted:
                    TrackInterleaved(request.InvokeAsync(this, _grain!), countsAsActivity: false);
                    break;
                case DeactivationRequest deactivation:
                    // Already deactivating.
                    deactivation.Complete(false);
                    break;
                default:
                    // Timer ticks are dropped: the timers are disposed once the turns are done.
                    break;
            }
        }
    }

    private void FailUnprocessed(object message, Exception exception)
    {
        switch (message)
        {
            case GrainRequest request:
                request.Fail(exception);
                break;
            case DeactivationRequest deactivation:
                deactivation.Complete(false);
                break;
        }

        if (_state == ActivationState.Creating)
        {
            _activationFailure = exception;
            FinishDeactivation();
        }
    }

    private void HandleAfterInvalid(object message)
    {
        switch (message)
        {
            case GrainRequest request when _activationFailure is not null:
                // These calls waited for this activation: they learn why it failed.
                request.Fail(_activationFailure);
                break;
            case GrainRequest request:
                // Arrived after deactivation: a new activation serves it, here or on the grain's new owner.
                _catalog.Redispatch(request);
                break;
            case DeactivationRequest deactivation:
                deactivation.Complete(false);
                break;
        }
    }

    private async Task ActivateAsync()
    {
        try
        {
            IReadOnlyList<IPersistentStateLoader> states;
            s_constructing = this;
            try
            {
                (_grain, states) = _grainClass.Create(_catalog.Services, this);
            }
            finally
            {
                s_constructing = null;
            }

            foreach (var state in states)
            {
                await state.ReadStateAsync(_catalog.StoppingToken);
            }

            await _grain.OnActivateAsync(_catalog.StoppingToken);
            _state = ActivationState.Valid;
            MarkActive();
        }
        catch (Exception exception)
        {
            // State first, log last: a logger that throws must not leave the activation half-failed.
            _activationFailure = exception;
            DisposeTimers();
            FinishDeactivation();
            RuntimeLog.ActivationFailed(_catalog.Logger, exception, GrainId);
        }
    }

    private async Task DeactivateAsync(DeactivationRequest request)
    {
        if (request.Reason.Code == DeactivationReasonCode.ActivationIdle
            && Volatile.Read(ref _lastActivityTimestamp) > request.RequestedTimestamp)
        {
            // A call ran between the collector's check and this turn: the activation is in use again.
            request.Complete(false);
            return;
        }

        _state = ActivationState.Deactivating;
        await WaitForInterleavedTurnsAsync();
        DisposeTimers();
        try
        {
            if (request.Reason.Code != DeactivationReasonCode.SiloCrashed)
            {
                await _grain!.OnDeactivateAsync(request.Reason, CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            // Deactivation goes on: a grain that cannot clean up must not stay half-alive.
            RuntimeLog.DeactivationFailed(_catalog.Logger, exception, GrainId, request.Reason.Code);
        }

        FinishDeactivation();
        RuntimeLog.Deactivated(_catalog.Logger, GrainId, request.Reason.Code);
        request.Complete(true);
    }

    private void FinishDeactivation()
    {
        // Leave the catalog before becoming Invalid: a call re-routed from this mailbox must find
        // no entry and create a fresh activation, not come back here.
        _catalog.Remove(this);
        _state = ActivationState.Invalid;
        _deactivated.TrySetResult();
    }

    private void DisposeTimers()
    {
        foreach (var timer in _timers.ToArray())
        {
            timer.Dispose();
        }
    }
}
