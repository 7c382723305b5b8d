using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Grains.Aggregation;
using Xunit;
using Xunit.Abstractions;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Aggregation;

/// <summary>
/// The aggregator keys a tags dictionary once per batch and reuses the key for later samples holding
/// the same instance: the outcome must be exactly that of keying every sample, shared or not.
/// </summary>
public sealed class MetricAggregatorSharedTagsTests(ITestOutputHelper output)
{
    private static readonly (string Key, string Value)[][] s_contents =
    [
        [],
        [("host", "a")],
        [("host", "b"), ("region", "eu")],
        [("region", "eu"), ("host", "b"), ("rack", "7")],
        [("Host", "a")],
    ];

    [Fact]
    public void Apply_SharedCopiedOrDecodedTagDictionaries_SameSeriesAndValues()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var shared = new MetricAggregator("cpu.load", new MetricGrainOptions());
        var copied = new MetricAggregator("cpu.load", new MetricGrainOptions());
        var decoded = new MetricAggregator("cpu.load", new MetricGrainOptions());
        for (var round = 0; round < 50; round++)
        {
            var dictionaries = s_contents.Select(c => Tags(c)).ToArray();
            var picks = Enumerable.Range(0, random.Next(0, 30)).Select(_ => random.Next(s_contents.Length)).ToArray();
            var values = picks.Select(_ => Math.Round(random.NextDouble() * 100, 2)).ToArray();
            var sharedBatch = Batch([.. picks.Select((p, i) => new MetricSample(values[i], NowMs - i, dictionaries[p]))]);
            var copiedBatch = Batch([.. picks.Select((p, i) => new MetricSample(values[i], NowMs - i, Tags([.. s_contents[p].Reverse()])))]);
            var decodedBatch = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(copiedBatch, GrainsJsonContext.Default.MetricBatch), GrainsJsonContext.Default.MetricBatch)!;

            shared.Apply(sharedBatch, NowMs);
            copied.Apply(copiedBatch, NowMs);
            decoded.Apply(decodedBatch, NowMs);
        }

        Assert.Equal(Json(copied.Snapshot(NowMs)), Json(shared.Snapshot(NowMs)));
        Assert.Equal(Json(copied.Snapshot(NowMs)), Json(decoded.Snapshot(NowMs)));
        Assert.Equal(s_contents.Length, copied.SeriesCount);
    }

    public static TheoryData<string> BadBatches => new() { "value", "timestamp", "tag key", "too many tags", "series limit" };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public void Apply_BadSampleWithSharedOrCopiedTags_SameErrorNamingTheSameSample(string problem)
    {
        var fromShared = Refusal(problem, share: true);
        var fromCopies = Refusal(problem, share: false);

        Assert.Equal(fromCopies.GetType(), fromShared.GetType());
        Assert.Equal(fromCopies.Message, fromShared.Message);
        Assert.Equal(ExpectedIndex(problem), ItemIndex(fromShared));
        Assert.Equal(ExpectedIndex(problem), ItemIndex(fromCopies));
    }

    [Fact]
    public void Apply_OneDictionaryChangedBetweenBatches_KeyedByWhatItHoldsEachTime()
    {
        // Keys are remembered per batch only: a dictionary reused in a later batch is keyed afresh.
        var metric = new MetricAggregator("cpu.load", new MetricGrainOptions());
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["host"] = "a" };
        metric.Apply(Batch(new MetricSample(1, NowMs, tags), new MetricSample(2, NowMs, tags)), NowMs);
        tags["host"] = "b";

        metric.Apply(Batch(new MetricSample(3, NowMs, tags)), NowMs);

        Assert.Equal(2, metric.SeriesCount);
        Assert.Equal([2L, 1L], metric.Snapshot(NowMs).Series.Select(s => s.Count).Order().Reverse());
    }

    private static Exception Refusal(string problem, bool share)
    {
        var options = new MetricGrainOptions { MaxSeriesPerMetric = 3, MaxTagsPerSeries = 2 };
        var metric = new MetricAggregator("cpu.load", options);
        var contents = new (string, string)[][]
        {
            [("host", "a")],
            [("host", "b")],
            problem switch
            {
                "tag key" => [("bad key", "x")],
                "too many tags" => [("a", "1"), ("b", "2"), ("c", "3")],
                _ => [("host", "c")],
            },
            [("host", "d")],
        };
        var dictionaries = contents.Select(c => Tags(c)).ToArray();
        IReadOnlyDictionary<string, string> TagsOf(int content) => share ? dictionaries[content] : Tags(contents[content]);

        // Tag sets 0 and 1 from index 0 on, tag set 2 first at index 4, tag set 3 first at index 6; the bad value or timestamp at 5.
        int[] picks = [0, 1, 0, 1, 2, 0, 3, 2, 1, 3];
        var samples = picks.Select((p, i) => new MetricSample(i, NowMs, TagsOf(p))).ToArray();
        samples[5] = problem switch
        {
            "value" => new MetricSample(double.PositiveInfinity, NowMs, TagsOf(0)),
            "timestamp" => new MetricSample(5, NowMs + (long)TimeSpan.FromDays(1).TotalMilliseconds, TagsOf(0)),
            _ => samples[5],
        };

        return Assert.ThrowsAny<Exception>(() => metric.Apply(Batch("b-1", samples), NowMs));
    }

    private static int ExpectedIndex(string problem) => problem switch
    {
        "value" or "timestamp" => 5,
        "series limit" => 6,
        _ => 4,
    };

    private static int? ItemIndex(Exception error) => error switch
    {
        InvalidGrainInputException invalid => invalid.ItemIndex,
        SeriesLimitExceededException limit => limit.ItemIndex,
        _ => throw new InvalidOperationException($"Unexpected {error}"),
    };

    private static string Json(MetricSnapshot snapshot) => JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);
}
