namespace LiveDash.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IJournaledState{TSnapshot, TEntry}"/>: the
/// runtime injects a journal bound to the grain's id, kept in the named provider (which must implement
/// <see cref="IJournalStorage"/> besides <see cref="IGrainStorage"/>) and read before activation.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class JournaledStateAttribute : Attribute
{
    /// <summary>Names the journal and, optionally, the storage provider (default: <see cref="GrainStorageNames.Default"/>).</summary>
    public JournaledStateAttribute(string stateName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        StateName = stateName;
        StorageName = storageName ?? GrainStorageNames.Default;
    }

    /// <summary>The journal's name within the grain; it shares no record with a persistent state of the same name.</summary>
    public string StateName { get; }

    /// <summary>The keyed storage provider that keeps it.</summary>
    public string StorageName { get; }
}
