namespace LiveDash.Runtime;

/// <summary>The changes a grain storage provider makes; named in errors and logs.</summary>
internal enum GrainStorageOperation
{
    /// <summary>Store a state payload.</summary>
    Write,

    /// <summary>Replace the record with a tombstone.</summary>
    Clear,

    /// <summary>Append one entry to a journal (<see cref="IJournalStorage"/>), or a snapshot standing for it.</summary>
    Append,
}
