namespace LiveDash.Runtime;

/// <summary>
/// Builds the exceptions grain storage providers throw, in one place, so every provider reports a
/// rejected write with the same wording: what was attempted, what storage holds, what the caller had.
/// </summary>
internal static class GrainStorageErrors
{
    public static InconsistentStateException EtagMismatch(
        GrainStorageOperation operation,
        string stateName,
        GrainId grainId,
        string? storedEtag,
        string? presentedEtag)
    {
        var verb = operation == GrainStorageOperation.Clear ? "clear" : "write";
        var stored = storedEtag is null ? "no record" : "etag '" + storedEtag + "'";
        var presented = presentedEtag is null ? "no etag (expecting no record)" : "etag '" + presentedEtag + "'";
        return new InconsistentStateException(
            $"Cannot {verb} state '{stateName}' of grain {grainId}: storage holds {stored} but the caller presented {presented}. "
            + "Another activation (or a later write) changed the record; re-read the state, usually by deactivating, before writing again.",
            storedEtag,
            presentedEtag);
    }

    public static InconsistentStateException JournalVersionMismatch(string stateName, GrainId grainId, long storedVersion, long presentedVersion)
        => new(
            $"Cannot append to journal '{stateName}' of grain {grainId}: storage holds version {storedVersion} but the caller presented version {presentedVersion}. "
            + "Another activation appended since this one read the journal; re-read it, usually by deactivating, before appending again.",
            GrainStorageEtag.Format(storedVersion),
            GrainStorageEtag.Format(presentedVersion));
}
