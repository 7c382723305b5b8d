using System.Text.Json;
using LiveDash.Grains;

namespace LiveDash.Gateway.Push;

/// <summary>Metric topics: <see cref="MetricSnapshot"/> state, <see cref="MetricDelta"/> items, source-generated JSON.</summary>
internal sealed class MetricTopicCodec : ITopicCodec<MetricSnapshot, MetricDelta>
{
    public static MetricTopicCodec Instance { get; } = new();

    public MetricSnapshot Apply(MetricSnapshot data, MetricDelta delta) => data.Apply(delta);

    public byte[] SerializeData(MetricSnapshot data) => JsonSerializer.SerializeToUtf8Bytes(data, GrainsJsonContext.Default.MetricSnapshot);

    public byte[] SerializeDelta(MetricDelta delta) => JsonSerializer.SerializeToUtf8Bytes(delta, GrainsJsonContext.Default.MetricDelta);

    // A metric exists once it holds a series: series are never removed.
    public bool IsEmpty(MetricSnapshot data) => data.Series.Count == 0;
}
