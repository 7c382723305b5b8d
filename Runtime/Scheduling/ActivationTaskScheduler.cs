using System.Collections.Concurrent;

namespace LiveDash.Runtime.Scheduling;

/// <summary>
/// Runs one activation's work one item at a time on the thread pool: the reason grain code needs
/// no locks. Grain turns are started as tasks on this scheduler, so every <c>await</c> in grain code
/// (which captures <see cref="TaskScheduler.Current"/>) resumes here too, never on a second thread
/// at the same time. Reentrant grains interleave on it; they still never run in parallel.
/// </summary>
/// <remarks>
/// Invariant: at most one thread executes <see cref="Execute"/> for a scheduler at a time
/// (<see cref="_scheduled"/> is 1 from enqueue-that-schedules until the drain loop has released it
/// and found the queue empty). A drain runs at most <see cref="MaxItemsPerDrain"/> items, then
/// yields the thread so one busy activation cannot starve the others sharing the pool.
/// </remarks>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    /// <summary>Items one drain may run before it re-queues itself behind other pool work.</summary>
    internal const int MaxItemsPerDrain = 64;

    [ThreadStatic]
    private static ActivationTaskScheduler? s_runningScheduler;

    private readonly ConcurrentQueue<Task> _queue = new();
    private int _scheduled;

    /// <summary>Only one task runs at a time.</summary>
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>True when the calling thread is currently draining this scheduler.</summary>
    internal bool IsRunningOnThisThread => ReferenceEquals(s_runningScheduler, this);

    /// <summary>
    /// Starts <paramref name="work"/> as a task on this scheduler, so the awaits inside it resume
    /// here. Fire and forget: <paramref name="work"/> must not throw (the mailbox loop never does),
    /// which is why no <c>Unwrap</c> proxy is allocated to observe it.
    /// </summary>
    /// <remarks>
    /// The task must not capture the ExecutionContext of whoever happens to start it: the work (the
    /// mailbox loop) goes on to run other callers' turns, which would all see that first caller's
    /// AsyncLocals (Activity.Current, logging scopes, HttpContext).
    /// </remarks>
    internal void Start(Func<object?, Task> work, object? state)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = Task.Factory.StartNew(work, state, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Factory.StartNew(work, state, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);
        }
    }

    /// <inheritdoc />
    protected override void QueueTask(Task task)
    {
        _queue.Enqueue(task);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Inlining is allowed only on the thread already draining this scheduler, which keeps execution single-threaded.</remarks>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
        => IsRunningOnThisThread && TryExecuteTask(task);

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    /// <summary>The drain loop; see the class remarks for its invariant.</summary>
    public void Execute()
    {
        var previous = s_runningScheduler;
        s_runningScheduler = this;
        try
        {
            for (var i = 0; i < MaxItemsPerDrain && _queue.TryDequeue(out var task); i++)
            {
                TryExecuteTask(task);
            }
        }
        finally
        {
            s_runningScheduler = previous;
        }

        // Full fence: the IsEmpty read below must not be reordered before this store (see
        // ActivationData's mailbox loop for the same pattern and the race it prevents).
        Interlocked.Exchange(ref _scheduled, 0);

        // An enqueue that raced with the release above saw _scheduled == 1 and did not schedule:
        // re-check so its item is not stranded.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
