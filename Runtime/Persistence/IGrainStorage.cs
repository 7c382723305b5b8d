namespace LiveDash.Runtime;

/// <summary>
/// A grain storage provider: keeps one record per (grain id, state name).
/// </summary>
/// <remarks>
/// <para><b>Contract</b> (pinned by the storage specification tests every provider passes):</para>
/// <list type="bullet">
/// <item>Read of a missing record: <c>State = new()</c>, <c>RecordExists = false</c>, <c>ETag = null</c>.</item>
/// <item>Write succeeds only when <c>ETag</c> equals the stored version (null for "no record yet");
/// on success it sets a new <c>ETag</c> and <c>RecordExists = true</c>. Otherwise it throws
/// <see cref="InconsistentStateException"/> and stores nothing.</item>
/// <item>Clear follows the same etag rule, leaves a tombstone so versions never repeat (a stale
/// writer can never succeed after a clear), sets <c>RecordExists = false</c>, a new <c>ETag</c>,
/// and resets <c>State</c> to a new state. Clearing a record that never existed (etag null) is
/// allowed and leaves a tombstone.</item>
/// <item>A token already cancelled when the provider would start the operation stores nothing and
/// fails the task as cancelled; once the operation is committing it reports what it did.</item>
/// <item>When a write or clear task completes successfully the change is durable in the provider's medium.</item>
/// <item>Records are isolated by value: mutating a state object after a write does not change what is stored.</item>
/// </list>
/// <para><b>Threading</b>: providers are singletons called concurrently from many activations;
/// calls for the same record are serialised by the owning activation.</para>
/// </remarks>
public interface IGrainStorage
{
    /// <summary>Reads the record into <paramref name="grainState"/>.</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new();

    /// <summary>Writes <paramref name="grainState"/> if its etag is current.</summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new();

    /// <summary>Clears the record if <paramref name="grainState"/>'s etag is current.</summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new();
}
