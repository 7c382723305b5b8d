namespace LiveDash.Runtime;

/// <summary>
/// A write or clear was made with an etag that is no longer the stored one: another activation
/// (or a later write) changed the record. The writer's state is stale; the usual reaction is to
/// deactivate and re-read.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception with the etags that disagreed.</summary>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>The version storage holds, when the provider knows it.</summary>
    public string? StoredEtag { get; }

    /// <summary>The version the writer presented (Orleans's name for it; compare with <see cref="StoredEtag"/>).</summary>
    public string? CurrentEtag { get; }
}
