namespace LiveDash.Grains;

/// <summary>One topic of the <see cref="ITopicDirectoryGrain"/>. Its kind is <see cref="Topic.Kind"/>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="UpdatedAtMs">When its grain last reported a change, Unix milliseconds (at most <see cref="TopicDirectoryOptions.RefreshInterval"/> old while it keeps changing).</param>
public sealed record TopicDirectoryEntry(Topic Topic, long UpdatedAtMs);
