namespace LiveDash.Grains.Directory;

/// <summary>
/// What the topic directory persists: topics and their last change time as two parallel arrays (compact
/// for a large directory). Round-trips through <see cref="Aggregation.GrainStateJsonContext"/>.
/// </summary>
public sealed class TopicDirectoryGrainState
{
    /// <summary>The layout version written by this code.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The layout version of this record, so a later layout can migrate it instead of misreading it.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>The topics' string forms (<c>metric:cpu.load</c>).</summary>
    public string[] Topics { get; set; } = [];

    /// <summary>When each topic last changed, Unix milliseconds, parallel to <see cref="Topics"/>.</summary>
    public long[] UpdatedAtMs { get; set; } = [];
}
