namespace LiveDash.Runtime.Streaming;

/// <summary>
/// The identity of a stream: a namespace and a key. A stream is placed on the silo that owns the grain
/// whose type name is <see cref="Namespace"/> and whose key is <see cref="Key"/>, so a grain publishing
/// on "its own" stream (<c>metric</c>/<c>cpu.load</c> from the grain <c>metric/cpu.load</c>) publishes
/// without a network hop.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>Creates a stream id; the namespace is non-empty and has no '/', the key is non-empty.</summary>
    /// <param name="streamNamespace">The namespace, usually the producing grain's type name.</param>
    /// <param name="key">The key within the namespace, usually the producing grain's key.</param>
    /// <exception cref="ArgumentException">A part is empty, or the namespace contains '/'.</exception>
    public StreamId(string streamNamespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (streamNamespace.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A stream namespace cannot contain '/'; it was '{streamNamespace}'.", nameof(streamNamespace));
        }

        Namespace = streamNamespace;
        Key = key;
    }

    /// <summary>The namespace.</summary>
    public string Namespace { get; }

    /// <summary>The key within the namespace.</summary>
    public string Key { get; }

    /// <summary>Parses the <c>namespace/key</c> form of <see cref="ToString"/>.</summary>
    /// <param name="value">The string form.</param>
    /// <returns>The stream id.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> has no '/' or an empty part.</exception>
    public static StreamId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw new FormatException($"'{value}' is not a stream id: expected 'namespace/key'.");
        }

        return new StreamId(value[..slash], value[(slash + 1)..]);
    }

    /// <summary>Formats as <c>namespace/key</c>.</summary>
    /// <returns>The string form.</returns>
    public override string ToString() => Namespace + "/" + Key;
}
