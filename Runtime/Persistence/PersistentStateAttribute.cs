namespace LiveDash.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime
/// injects a state bound to the grain's id, read from the named storage provider before activation.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>Names the state and, optionally, the storage provider (default: <see cref="GrainStorageNames.Default"/>).</summary>
    public PersistentStateAttribute(string stateName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        StateName = stateName;
        StorageName = storageName ?? GrainStorageNames.Default;
    }

    /// <summary>The state's name within the grain (a grain may hold several).</summary>
    public string StateName { get; }

    /// <summary>The keyed <see cref="IGrainStorage"/> service that stores it.</summary>
    public string StorageName { get; }
}
