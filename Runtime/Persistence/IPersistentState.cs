namespace LiveDash.Runtime;

/// <summary>
/// A named piece of grain state kept in a grain storage provider, injected into a grain's
/// constructor with <see cref="PersistentStateAttribute"/>. It is read before
/// <see cref="Grain.OnActivateAsync"/> runs. Writes use optimistic concurrency: a write made with
/// an etag that is no longer current throws <see cref="InconsistentStateException"/>.
/// </summary>
/// <typeparam name="TState">The state type; created with its parameterless constructor when no record exists.</typeparam>
public interface IPersistentState<TState>
    where TState : new()
{
    /// <summary>The state as last read or written; grain code mutates it, then calls <see cref="WriteStateAsync"/>.</summary>
    TState State { get; set; }

    /// <summary>The version token of the stored record this state was read from or written as; null when never stored.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage (false after a clear).</summary>
    bool RecordExists { get; }

    /// <summary>Replaces <see cref="State"/> with the stored record (or a new state when there is none).</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <see cref="State"/>; durable when the task completes.</summary>
    /// <exception cref="InconsistentStateException">Storage holds a newer version than <see cref="Etag"/>.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored record and resets <see cref="State"/> to a new state.</summary>
    /// <exception cref="InconsistentStateException">Storage holds a newer version than <see cref="Etag"/>.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
