using LiveDash.Runtime.Streaming;

namespace LiveDash.Grains;

/// <summary>
/// The stream each topic's grain publishes its changes on. A stream's namespace is its grain's type
/// name, so the runtime places the stream with the grain and publishing costs no network hop.
/// </summary>
public static class TopicStreams
{
    /// <summary>The grain type of metric grains and the namespace of their streams.</summary>
    public const string MetricNamespace = "metric";

    /// <summary>The grain type of scoreboard grains and the namespace of their streams.</summary>
    public const string BoardNamespace = "scoreboard";

    /// <summary>The stream of <paramref name="topic"/>: items are <see cref="MetricDelta"/> for metrics, <see cref="BoardDelta"/> for boards.</summary>
    /// <param name="topic">A metric or board topic.</param>
    /// <returns>The topic's stream id.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is <see langword="default"/>.</exception>
    public static StreamId For(Topic topic) => topic.Kind switch
    {
        TopicKind.Metric => new StreamId(MetricNamespace, topic.Name),
        TopicKind.Board => new StreamId(BoardNamespace, topic.Name),
        _ => throw new ArgumentException("The topic is empty (default).", nameof(topic)),
    };
}
