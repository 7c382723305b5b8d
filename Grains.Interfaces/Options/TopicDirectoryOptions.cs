namespace LiveDash.Grains;

/// <summary>
/// How the topic directory (<see cref="ITopicDirectoryGrain"/>) is fed and bounded; bound from
/// <c>LiveDash:Grains:TopicDirectory</c> and checked at start by <see cref="TopicDirectoryOptionsValidator"/>.
/// </summary>
public sealed class TopicDirectoryOptions
{
    /// <summary>
    /// Most topics the directory holds. A new topic reported to a full directory replaces the one
    /// that changed least recently (a warning is logged); the replaced topic keeps its data and is
    /// listed again after its next change. Each topic costs about 200 bytes of directory state, which is
    /// stored whole when a topic is added. Default: 100,000.
    /// </summary>
    public int MaxTopics { get; set; } = 100_000;

    /// <summary>
    /// How often a metric or scoreboard grain that keeps changing refreshes its topic's
    /// <c>updatedAt</c> in the directory, at most. The first change of an activation is reported
    /// before it is acknowledged; refreshes are sent without waiting for them. Default: 5 seconds.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the directory stores refreshed <c>updatedAt</c> times (new topics are stored at
    /// once). After a crash a listed time can be this much older than the last change. Default: 1 minute.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromMinutes(1);
}
