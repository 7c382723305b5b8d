namespace LiveDash.Runtime;

/// <summary>The envelope a grain storage provider reads into and writes from.</summary>
/// <typeparam name="TState">The state type.</typeparam>
public interface IGrainState<TState>
{
    /// <summary>The state value.</summary>
    TState State { get; set; }

    /// <summary>The stored version token, or null when nothing was ever stored.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a live (not cleared) record exists.</summary>
    bool RecordExists { get; set; }
}

/// <summary>The plain implementation of <see cref="IGrainState{TState}"/>.</summary>
/// <typeparam name="TState">The state type.</typeparam>
public sealed class GrainState<TState> : IGrainState<TState>
    where TState : new()
{
    /// <inheritdoc />
    public TState State { get; set; } = new();

    /// <inheritdoc />
    public string? ETag { get; set; }

    /// <inheritdoc />
    public bool RecordExists { get; set; }
}
