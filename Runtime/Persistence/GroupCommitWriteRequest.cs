namespace LiveDash.Runtime;

/// <summary>
/// One write, clear or journal append waiting for, or inside, a group commit. Its task completes with
/// the record's new version, an <see cref="InconsistentStateException"/>, the commit's exception, or cancellation.
/// </summary>
/// <remarks>
/// Ownership moves once, atomically: while <see cref="Queued"/> the caller's cancellation may claim
/// it (it is then never written); once the writer loop has <see cref="Picked"/> it, cancellation is
/// ignored and the task reports what the commit did. Without that hand-over a caller could be told
/// "cancelled" for a write that was committed, and its next write would fail on a stale etag.
/// </remarks>
internal sealed class GroupCommitWriteRequest
{
    private const int Queued = 0;
    private const int Picked = 1;
    private const int Cancelled = 2;

    // Continuations run on the thread pool, never inline on the writer loop: the loop must not run
    // grain code, and a grain must not hold up the next group commit.
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = Queued;

    // Staged inside the transaction, published only after it commits.
    private long _stagedVersion;
    private InconsistentStateException? _stagedRejection;

    public GroupCommitWriteRequest(
        GrainStorageOperation operation,
        string stateName,
        GrainId grainId,
        string? presentedEtag,
        byte[]? payload,
        CancellationToken cancellationToken)
    {
        Operation = operation;
        StateName = stateName;
        GrainId = grainId;
        PresentedEtag = presentedEtag;
        Payload = payload;
        CancellationToken = cancellationToken;
    }

    private GroupCommitWriteRequest(string stateName, GrainId grainId, long expectedVersion, byte[] entry, byte[]? snapshot, CancellationToken cancellationToken)
        : this(GrainStorageOperation.Append, stateName, grainId, presentedEtag: null, entry, cancellationToken)
    {
        ExpectedVersion = expectedVersion;
        Snapshot = snapshot;
    }

    public GrainStorageOperation Operation { get; }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>The etag the caller read or last wrote; null means "I expect no record".</summary>
    public string? PresentedEtag { get; }

    /// <summary>The serialized state; null for a clear (the stored tombstone); the entry for an append.</summary>
    public byte[]? Payload { get; }

    /// <summary>An append's journal version the caller read or last appended (0: nothing stored).</summary>
    public long ExpectedVersion { get; }

    /// <summary>An append's snapshot at the new version, or null.</summary>
    public byte[]? Snapshot { get; }

    /// <summary>
    /// What an append stores at its new version: the snapshot when it carries one (the snapshot covers
    /// the entry, which is then never stored), else the entry.
    /// </summary>
    public byte[] JournalRow => Snapshot ?? Payload!;

    public CancellationToken CancellationToken { get; }

    /// <summary>A journal append; see <see cref="IJournalStorage.AppendJournalAsync"/>.</summary>
    public static GroupCommitWriteRequest Append(string stateName, GrainId grainId, long expectedVersion, byte[] entry, byte[]? snapshot, CancellationToken cancellationToken)
        => new(stateName, grainId, expectedVersion, entry, snapshot, cancellationToken);

    /// <summary>Completes with the new version once the request's group commit is durable.</summary>
    public Task<long> Completion => _completion.Task;

    /// <summary>Called by the writer loop: claims the request unless the caller cancelled it first.</summary>
    public bool TryPick()
    {
        if (CancellationToken.IsCancellationRequested)
        {
            TryCancel();
            return false;
        }

        return Interlocked.CompareExchange(ref _state, Picked, Queued) == Queued;
    }

    /// <summary>Called on cancellation: abandons the request if the writer loop has not picked it.</summary>
    public void TryCancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
    }

    public void StageCommitted(long version)
    {
        _stagedVersion = version;
        _stagedRejection = null;
    }

    public void StageRejected(InconsistentStateException rejection) => _stagedRejection = rejection;

    /// <summary>Reports the staged outcome; called after the transaction committed.</summary>
    public void Publish()
    {
        if (_stagedRejection is not null)
        {
            _completion.TrySetException(_stagedRejection);
        }
        else
        {
            _completion.TrySetResult(_stagedVersion);
        }
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
