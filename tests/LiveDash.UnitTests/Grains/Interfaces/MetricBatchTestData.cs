using System.Text.Json;
using LiveDash.Grains;

namespace LiveDash.UnitTests.Grains.Interfaces;

/// <summary>Batches for the <see cref="MetricBatchJsonConverter"/> tests.</summary>
internal static class MetricBatchTestData
{
    private const long NowMs = 1_764_000_000_000;

    // Tag sets by content; the random batches pick one per sample, then share or copy its dictionary.
    private static readonly (string Key, string Value)[][] s_tagContents =
    [
        [],
        [("host", "h0")],
        [("Host", "h0")],
        [("host", "h1"), ("region", "eu")],
        [("region", "eu"), ("host", "h1"), ("rack", "r-7")],
        [("k", "värde \"q\" \\ / \u2028 <>&'")],
        [("host", "h0"), ("x", "")],
    ];

    // Doubles whose text form is easy to get wrong.
    private static readonly double[] s_edgeValues =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e280, -1e280, 0.1, 1 / 3.0,
        2.2250738585072014E-308, 2.2250738585072009E-308, 9007199254740993, 123456789012345680, 5e-324, 1.7976931348623157E+308,
    ];

    private static readonly long[] s_edgeTimestamps = [0, -1, 1, long.MinValue, long.MaxValue, NowMs, 9007199254740993];

    public static Dictionary<string, string> Tags(params (string Key, string Value)[] pairs)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            tags.Add(key, value);
        }

        return tags;
    }

    /// <summary>Whether two tag sets hold the same pairs, compared ordinally.</summary>
    public static bool SameContent(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
        => left.Count == right.Count
           && left.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(right.OrderBy(p => p.Key, StringComparer.Ordinal));

    /// <summary>
    /// Up to 40 samples over a few tag sets, each sample's tags either a dictionary shared with earlier
    /// samples of that content or a fresh copy (in random key order); values and timestamps mix edge
    /// cases and random bit patterns.
    /// </summary>
    public static MetricBatch RandomBatch(Random random)
    {
        var shared = new IReadOnlyDictionary<string, string>?[s_tagContents.Length];
        var samples = new MetricSample[random.Next(0, 41)];
        var contents = random.Next(1, s_tagContents.Length + 1);
        for (var i = 0; i < samples.Length; i++)
        {
            var content = random.Next(contents);
            IReadOnlyDictionary<string, string> tags;
            if (shared[content] is { } existing && random.Next(3) > 0)
            {
                tags = existing;
            }
            else
            {
                tags = Tags([.. s_tagContents[content].OrderBy(_ => random.Next())]);
                shared[content] ??= tags;
            }

            samples[i] = new MetricSample(RandomValue(random), RandomTimestamp(random), tags);
        }

        var batchId = random.Next(3) switch
        {
            0 => null,
            1 => "b-" + random.Next(),
            _ => string.Empty,
        };
        return new MetricBatch(batchId, samples);
    }

    /// <summary>
    /// The batch one grain gets from the ingest benchmark's 1,000-point request over 50 metrics × 4
    /// hosts: 20 samples, hosts interleaved, two tags each, one dictionary per host (as the gateway shares them).
    /// </summary>
    public static MetricBatch IngestShapedBatch()
    {
        var random = new Random(7);
        var hosts = Enumerable.Range(0, 4).Select(h => (IReadOnlyDictionary<string, string>)Tags(("host", "h" + h), ("region", h % 2 == 0 ? "eu" : "us"))).ToArray();
        var samples = Enumerable.Range(0, 20)
            .Select(i => new MetricSample(Math.Round(random.NextDouble() * 100, 3), NowMs - (i / 4), hosts[i % 4]))
            .ToArray();
        return new MetricBatch("0000000000001234", samples);
    }

    /// <summary>The batch as one JSON object per sample, its tags in full each time (the form before the compact one).</summary>
    public static byte[] ObjectPerSampleForm(MetricBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("batchId", batch.BatchId);
            writer.WriteStartArray("samples");
            foreach (var sample in batch.Samples)
            {
                JsonSerializer.Serialize(writer, sample, GrainsJsonContext.Default.MetricSample);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static double RandomValue(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return s_edgeValues[random.Next(s_edgeValues.Length)];
            case 1:
                return Math.Round((random.NextDouble() - 0.5) * 1000, random.Next(0, 6));
            default:
                double value;
                do
                {
                    value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
                }
                while (!double.IsFinite(value));

                return value;
        }
    }

    private static long RandomTimestamp(Random random)
        => random.Next(3) == 0 ? s_edgeTimestamps[random.Next(s_edgeTimestamps.Length)] : random.NextInt64(long.MinValue, long.MaxValue);
}
