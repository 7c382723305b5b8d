namespace LiveDash.Runtime;

/// <summary>
/// The identity of a grain: its grain type name and its string key. Two references with equal
/// ids address the same virtual actor, wherever and whenever it is activated.
/// </summary>
public readonly record struct GrainId
{
    /// <summary>Creates an id; both parts must be non-empty.</summary>
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
    }

    /// <summary>The grain type name (see <see cref="GrainTypeAttribute"/>).</summary>
    public string Type { get; }

    /// <summary>The grain's key within its type.</summary>
    public string Key { get; }

    /// <summary>Formats as <c>type/key</c>, the form used in logs and storage.</summary>
    public override string ToString() => Type + "/" + Key;
}
