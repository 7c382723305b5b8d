using System.Threading.Channels;

namespace LiveDash.Runtime;

/// <summary>
/// The single writer of a grain store: queues writes and clears and commits them in groups. This
/// class owns the queue, the loop and the answering of every request; a provider supplies the commit
/// of one group, its own disposal and its own log events.
/// </summary>
/// <remarks>
/// <para>Callers enqueue into a bounded channel (they wait when it is full). One loop drains it: it
/// takes whatever is queued, up to the provider's MaxWritesPerCommit, without waiting for more, so a
/// lone write is committed at once and a burst shares one commit.</para>
/// <para>Each request checks its own etag inside the group's transaction; a request that fails the
/// check changes nothing and fails alone, the others commit. If the commit itself fails, every
/// request in the group fails with that exception. Outcomes are published only after the commit
/// returns, so a completed write is durable.</para>
/// <para>Ownership of a request moves to the loop once it is picked (see
/// <see cref="GroupCommitWriteRequest"/>): from then on the caller's cancellation is ignored and the
/// request is answered with what the commit did.</para>
/// </remarks>
internal abstract class GroupCommitWriter : IAsyncDisposable
{
    private readonly int _maxWritesPerCommit;
    private readonly Channel<GroupCommitWriteRequest> _queue;
    private Task _loop = Task.CompletedTask;
    private int _started;
    private int _disposed;
    private long _commitCount;
    private long _committedRequestCount;

    /// <summary>Creates the queue; the loop runs only once <see cref="Start"/> is called.</summary>
    /// <param name="maxWritesPerCommit">The most requests one group commit holds.</param>
    /// <param name="maxPendingWrites">The most requests queued before callers wait for room.</param>
    protected GroupCommitWriter(int maxWritesPerCommit, int maxPendingWrites)
    {
        _maxWritesPerCommit = maxWritesPerCommit;
        _queue = Channel.CreateBounded<GroupCommitWriteRequest>(new BoundedChannelOptions(maxPendingWrites)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,

            // The loop's wake-up must not run inline on an enqueuing grain's thread: it would run
            // the commit (and, for SQLite, its fsync) inside that grain's turn.
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Group commits made so far, each holding at least one request.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Requests answered by a successful group commit (committed or rejected on their etag).</summary>
    public long CommittedRequestCount => Interlocked.Read(ref _committedRequestCount);

    /// <summary>Starts the loop; idempotent.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues <paramref name="request"/> and completes with its new version once committed.</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed before the request was committed.</exception>
    public async Task<long> SubmitAsync(GroupCommitWriteRequest request)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw CreateDisposedException();
        }

        try
        {
            // Waits for room when MaxPendingWrites requests are queued; cancelling here queues nothing.
            await _queue.Writer.WriteAsync(request, request.CancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw CreateDisposedException();
        }

        // Once queued, cancellation only claims the request if the loop has not picked it yet.
        using (request.CancellationToken.UnsafeRegister(static state => ((GroupCommitWriteRequest)state!).TryCancel(), request))
        {
            return await request.Completion;
        }
    }

    /// <summary>
    /// Stops accepting requests, lets the group being committed finish, fails every request still
    /// queued with <see cref="ObjectDisposedException"/>, then releases the provider's resources.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();

        // A never-started loop still has to drain the queue to fail what is in it.
        Start();
        await _loop;

        // Only now: the loop is the sole user of the provider's connection and statements.
        await ReleaseResourcesAsync();
    }

    /// <summary>
    /// Commits <paramref name="group"/> in one transaction, staging each request's outcome with
    /// <see cref="GroupCommitWriteRequest.StageCommitted"/> or <see cref="GroupCommitWriteRequest.StageRejected"/>.
    /// </summary>
    /// <remarks>
    /// Must return only once the transaction is durable, and throw if it failed. It must neither
    /// publish nor fail the requests: the caller does both, after the outcome is known. Called by the
    /// loop only, one group at a time.
    /// </remarks>
    /// <param name="group">The picked requests, in queue order; never empty.</param>
    protected abstract Task CommitGroupAsync(IReadOnlyList<GroupCommitWriteRequest> group);

    /// <summary>Releases the provider's resources; called once, after the loop has finished.</summary>
    protected virtual ValueTask ReleaseResourcesAsync() => ValueTask.CompletedTask;

    /// <summary>The exception a request gets when the store was disposed before committing it.</summary>
    protected abstract ObjectDisposedException CreateDisposedException();

    /// <summary>Logs a failed group commit; its requests have already been failed.</summary>
    /// <param name="writeCount">The requests in the failed group.</param>
    /// <param name="exception">The commit's exception.</param>
    protected abstract void LogCommitFailed(int writeCount, Exception exception);

    /// <summary>Logs the requests still queued at disposal; they have already been failed.</summary>
    /// <param name="writeCount">The requests failed with <see cref="ObjectDisposedException"/>.</param>
    protected abstract void LogQueuedWritesFailedOnDispose(int writeCount);

    private async Task RunAsync()
    {
        var batch = new List<GroupCommitWriteRequest>(_maxWritesPerCommit);
        var failedOnDispose = 0;
        var reader = _queue.Reader;

        // WaitToReadAsync turns false only once DisposeAsync completed the channel and it is empty,
        // so every request that made it into the queue is answered.
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _maxWritesPerCommit && reader.TryRead(out var request))
            {
                if (request.TryPick())
                {
                    batch.Add(request);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                failedOnDispose += batch.Count;
                var disposed = CreateDisposedException();
                foreach (var request in batch)
                {
                    request.Fail(disposed);
                }
            }
            else
            {
                await CommitAsync(batch);
            }

            batch.Clear();
        }

        if (failedOnDispose > 0)
        {
            LogQueuedWritesFailedOnDispose(failedOnDispose);
        }
    }

    private async Task CommitAsync(List<GroupCommitWriteRequest> batch)
    {
        try
        {
            await CommitGroupAsync(batch);
        }
        catch (Exception ex)
        {
            // Answer the callers before logging: nothing may leave a request unanswered.
            foreach (var request in batch)
            {
                request.Fail(ex);
            }

            LogCommitFailed(batch.Count, ex);
            return;
        }

        // Published only now that the commit has returned, so a completed write is durable.
        Interlocked.Increment(ref _commitCount);
        Interlocked.Add(ref _committedRequestCount, batch.Count);
        foreach (var request in batch)
        {
            request.Publish();
        }
    }
}
