using LiveDash.Runtime;

namespace LiveDash.Grains;

/// <summary>
/// Knows every topic that was ever written, with when it last changed: the source of
/// <c>GET /api/v1/topics</c>. One activation for the cluster (key <see cref="TopicDirectory.Key"/>);
/// metric and scoreboard grains report to it (<see cref="TopicDirectoryOptions"/>).
/// </summary>
/// <remarks>
/// Bounded by <see cref="TopicDirectoryOptions.MaxTopics"/>: a new topic reported to a full directory
/// replaces the topic that changed least recently (the replaced topic keeps its data and comes back
/// with its next report).
/// </remarks>
public interface ITopicDirectoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records that <paramref name="topic"/> changed at <paramref name="updatedAtMs"/>. A topic the
    /// directory did not hold is stored before the call returns, so a listing made after it includes
    /// the topic, also after a restart; a newer time for a known topic is kept in memory and stored
    /// within <see cref="TopicDirectoryOptions.PersistInterval"/>. An older time than the one held is ignored.
    /// </summary>
    /// <param name="topic">The topic that changed.</param>
    /// <param name="updatedAtMs">When it changed, Unix milliseconds (the reporting grain's clock).</param>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>A task that completes once a new topic is durable (at once for a known topic).</returns>
    Task ReportAsync(Topic topic, long updatedAtMs, CancellationToken cancellationToken = default);

    /// <summary>Returns every topic the directory holds, sorted by the topic's string form (ordinal).</summary>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>The entries, sorted.</returns>
    Task<IReadOnlyList<TopicDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default);
}
