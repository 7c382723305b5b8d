namespace LiveDash.Runtime;

/// <summary>The two changes a grain storage provider makes; named in errors and logs.</summary>
internal enum GrainStorageOperation
{
    /// <summary>Store a state payload.</summary>
    Write,

    /// <summary>Replace the record with a tombstone.</summary>
    Clear,
}
