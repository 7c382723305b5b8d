namespace LiveDash.Runtime;

/// <summary>Well-known grain storage provider names.</summary>
public static class GrainStorageNames
{
    /// <summary>The provider used when <see cref="PersistentStateAttribute"/> names none.</summary>
    public const string Default = "Default";
}
