using LiveDash.Grains;

namespace LiveDash.UnitTests.Grains;

/// <summary>Builders shared by the grain tests; the clock is a fixed instant on a 10-second boundary.</summary>
internal static class GrainTestData
{
    /// <summary>2025-11-24T16:00:00Z: a whole second and a whole 10-second slice, so window edges are easy to reason about.</summary>
    public const long NowMs = 1_764_000_000_000;

    public const long NowSecond = NowMs / 1000;

    public static IReadOnlyDictionary<string, string> Tags(params (string Key, string Value)[] pairs)
        => pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    public static MetricSample Sample(double value, long timestampMs = NowMs, params (string Key, string Value)[] tags)
        => new(value, timestampMs, Tags(tags));

    public static MetricBatch Batch(params MetricSample[] samples) => new(null, samples);

    public static MetricBatch Batch(string batchId, params MetricSample[] samples) => new(batchId, samples);
}
