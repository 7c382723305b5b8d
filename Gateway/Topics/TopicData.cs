using System.Text.Json;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime;

namespace LiveDash.Gateway.Topics;

/// <summary>
/// Topic snapshots as the gateway serves them, in one place for every reader (the topic API, the board
/// write answer, the push hub): the rule for "unknown topic", and the snapshot object, which is exactly
/// <see cref="PushEvent.Json"/> of a snapshot event, so REST and SSE carry the same bytes.
/// </summary>
internal static class TopicData
{
    /// <summary>Whether a metric holds no data (no series): a topic nobody wrote to is unknown (404).</summary>
    public static bool IsEmpty(MetricSnapshot data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Series.Count == 0;
    }

    /// <summary>Whether a board holds no data (no entries and no title): a topic nobody wrote to is unknown (404).</summary>
    public static bool IsEmpty(BoardSnapshot data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Entries.Count == 0 && string.IsNullOrEmpty(data.Title);
    }

    /// <summary>The snapshot event of a metric (its <see cref="PushEvent.Json"/> is the REST snapshot object).</summary>
    public static PushEvent ToSnapshotEvent(TopicSnapshot<MetricSnapshot> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return PushEvent.Create(snapshot.Topic, PushEventType.Snapshot, snapshot.Position, JsonSerializer.SerializeToUtf8Bytes(snapshot.Data, GrainsJsonContext.Default.MetricSnapshot));
    }

    /// <summary>The snapshot event of a board (its <see cref="PushEvent.Json"/> is the REST snapshot object).</summary>
    public static PushEvent ToSnapshotEvent(TopicSnapshot<BoardSnapshot> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return PushEvent.Create(snapshot.Topic, PushEventType.Snapshot, snapshot.Position, JsonSerializer.SerializeToUtf8Bytes(snapshot.Data, GrainsJsonContext.Default.BoardSnapshot));
    }

    /// <summary>Reads a topic's snapshot from its grain; null when the topic holds no data (unknown).</summary>
    /// <param name="grains">The cluster client.</param>
    /// <param name="topic">A metric or board topic.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>The snapshot event, or null for an unknown topic.</returns>
    public static async Task<PushEvent?> ReadSnapshotAsync(IGrainFactory grains, Topic topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (topic.Kind == TopicKind.Metric)
        {
            var metric = await grains.GetGrain<IMetricGrain>(topic.Name).GetSnapshotAsync(cancellationToken);
            return IsEmpty(metric.Data) ? null : ToSnapshotEvent(metric);
        }

        var board = await grains.GetGrain<IScoreboardGrain>(topic.Name).GetSnapshotAsync(cancellationToken);
        return IsEmpty(board.Data) ? null : ToSnapshotEvent(board);
    }
}
