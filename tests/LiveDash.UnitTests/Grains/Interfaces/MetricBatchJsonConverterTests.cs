using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiveDash.Grains;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace LiveDash.UnitTests.Grains.Interfaces;

public sealed class MetricBatchJsonConverterTests(ITestOutputHelper output)
{
    /// <summary>The context on its own: nulls in non-nullable members refused, no named floating-point literals.</summary>
    private static readonly JsonSerializerOptions s_strictOptions = GrainsJsonContext.Default.Options;

    /// <summary>What grain calls and grain storage use: the runtime's options with the context registered.</summary>
    private static readonly JsonSerializerOptions s_runtimeOptions =
        new RuntimeJsonSerializer(Options.Create(new SerializationOptions { TypeInfoResolvers = { GrainsJsonContext.Default } })).Options;

    public static TheoryData<string> BothOptions => new() { "strict", "runtime" };

    [Fact]
    public void Write_SharedAndCopiedTagSets_EachDistinctTagSetOnceAndSamplesAsTuples()
    {
        var h0 = MetricBatchTestData.Tags(("host", "h0"));
        var batch = new MetricBatch("b-1",
        [
            new MetricSample(0.5, 1764000000123, h0),
            new MetricSample(-0.0, 1, MetricBatchTestData.Tags(("host", "h1"))),
            new MetricSample(1e280, -5, new Dictionary<string, string>()),
            new MetricSample(0.1, long.MaxValue, MetricBatchTestData.Tags(("host", "h0"))),
            new MetricSample(2, 7, h0),
        ]);

        var json = JsonSerializer.Serialize(batch, GrainsJsonContext.Default.MetricBatch);

        Assert.Equal(
            """{"batchId":"b-1","tagSets":[{"host":"h0"},{"host":"h1"},{}],"samples":[[0,1764000000123,0.5],[1,1,-0],[2,-5,1E+280],[0,9223372036854775807,0.1],[0,7,2]]}""",
            json);
    }

    [Fact]
    public void Write_NullBatchIdAndNoSamples_LeavesTheIdOut()
    {
        Assert.Equal("""{"tagSets":[],"samples":[]}""", JsonSerializer.Serialize(new MetricBatch(null, []), GrainsJsonContext.Default.MetricBatch));
        Assert.Null(JsonSerializer.Deserialize("""{"samples":[],"tagSets":[]}""", GrainsJsonContext.Default.MetricBatch)!.BatchId);
    }

    [Theory]
    [MemberData(nameof(BothOptions))]
    public void RoundTrip_RandomisedBatches_ExactValuesOrderAndOneDictionaryPerTagSet(string optionsName)
    {
        var options = OptionsNamed(optionsName);
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (var round = 0; round < 300; round++)
        {
            var batch = MetricBatchTestData.RandomBatch(random);

            var json = JsonSerializer.SerializeToUtf8Bytes(batch, TypeInfo(options));
            var back = JsonSerializer.Deserialize(json, TypeInfo(options))!;

            var context = $"seed {seed}, round {round}: {System.Text.Encoding.UTF8.GetString(json)}";
            Assert.True(back.BatchId == batch.BatchId, context);
            Assert.True(back.Samples.Count == batch.Samples.Count, context);
            for (var i = 0; i < batch.Samples.Count; i++)
            {
                var (sent, read) = (batch.Samples[i], back.Samples[i]);
                Assert.True(BitConverter.DoubleToInt64Bits(sent.Value) == BitConverter.DoubleToInt64Bits(read.Value), $"{context}: value of sample {i}");
                Assert.True(sent.TimestampMs == read.TimestampMs, $"{context}: timestamp of sample {i}");
                Assert.True(MetricBatchTestData.SameContent(sent.Tags, read.Tags), $"{context}: tags of sample {i}");
                for (var j = 0; j < i; j++)
                {
                    var equal = MetricBatchTestData.SameContent(sent.Tags, batch.Samples[j].Tags);
                    Assert.True(equal == ReferenceEquals(read.Tags, back.Samples[j].Tags), $"{context}: samples {j} and {i} share a dictionary exactly when their tags are equal");
                }
            }

            // What was read writes back to the same bytes: nothing was lost or reordered.
            Assert.Equal(json, JsonSerializer.SerializeToUtf8Bytes(back, TypeInfo(options)));
        }
    }

    [Fact]
    public void Write_TagSetsDifferingOnlyInKeyCase_StayApart()
    {
        var batch = new MetricBatch(null,
        [
            new MetricSample(1, 1, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Host"] = "a" }),
            new MetricSample(2, 1, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["host"] = "a" }),
            new MetricSample(3, 1, MetricBatchTestData.Tags(("b", "2"), ("a", "1"))),
            new MetricSample(4, 1, MetricBatchTestData.Tags(("a", "1"), ("b", "2"))),
        ]);

        var json = JsonSerializer.Serialize(batch, GrainsJsonContext.Default.MetricBatch);

        Assert.Equal("""{"tagSets":[{"Host":"a"},{"host":"a"},{"b":"2","a":"1"}],"samples":[[0,1,1],[1,1,2],[2,1,3],[2,1,4]]}""", json);
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"tagSets":[{}]}""")]
    [InlineData("""{"samples":[[0,1,2]]}""")]
    [InlineData("""{"samples":[]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[1,1,2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[-1,1,2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0.5,1,2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[["0",1,2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,2,3]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1.5,2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,9223372036854775808,2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,"1",2]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,"2"]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,"nan"]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,1e400]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,null]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,true]]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[{"value":1,"timestampMs":1,"tags":{}}]}""")]
    [InlineData("""{"tagSets":[{}],"samples":[1]}""")]
    [InlineData("""{"tagSets":[{"host":1}],"samples":[]}""")]
    [InlineData("""{"tagSets":[{"host":{}}],"samples":[]}""")]
    [InlineData("""{"tagSets":[{"host":"a","host":"b"}],"samples":[]}""")]
    [InlineData("""{"tagSets":[[]],"samples":[]}""")]
    [InlineData("""{"tagSets":["host=a"],"samples":[]}""")]
    [InlineData("""{"tagSets":{},"samples":[]}""")]
    [InlineData("""{"tagSets":null,"samples":[]}""")]
    [InlineData("""{"tagSets":[],"samples":{}}""")]
    [InlineData("""{"tagSets":[],"samples":"x"}""")]
    [InlineData("""{"tagSets":[],"samples":[],"extra":1}""")]
    [InlineData("""{"tagSets":[],"Samples":[]}""")]
    [InlineData("""{"tagSets":[],"samples":[],"samples":[]}""")]
    [InlineData("""{"tagSets":[],"tagSets":[],"samples":[]}""")]
    [InlineData("""{"batchId":"a","batchId":"a","tagSets":[],"samples":[]}""")]
    [InlineData("""{"batchId":1,"tagSets":[],"samples":[]}""")]
    [InlineData("""{"batchId":"a","tagSets":[{}],"samples":[[0,1,2]""")]
    public void Read_MalformedPayload_ThrowsJsonException(string json)
    {
        foreach (var options in new[] { s_strictOptions, s_runtimeOptions })
        {
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, TypeInfo(options)));
        }
    }

    [Theory]
    [InlineData("""{"tagSets":[null],"samples":[[0,1,2]]}""")]
    [InlineData("""{"tagSets":[],"samples":null}""")]
    [InlineData("""{"tagSets":[{}],"samples":[[0,1,"NaN"]]}""")]
    public void Read_NullsAndNamedLiterals_RefusedByTheContextsOwnOptions(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, GrainsJsonContext.Default.MetricBatch));
    }

    [Fact]
    public void RoundTrip_InvalidSamplesUnderTheRuntimeOptions_ReachTheReaderAsSent()
    {
        // The grain, not the codec, rejects these, naming the sample, as it did with one object per sample.
        var nullValueTags = new Dictionary<string, string> { ["host"] = null! };
        var batch = new MetricBatch("b-1",
        [
            new MetricSample(double.NaN, 1, CanonicalTags.Empty),
            new MetricSample(double.PositiveInfinity, 2, CanonicalTags.Empty),
            new MetricSample(double.NegativeInfinity, 3, CanonicalTags.Empty),
            null!,
            new MetricSample(4, 4, null!),
            new MetricSample(5, 5, nullValueTags),
        ]);

        var back = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(batch, TypeInfo(s_runtimeOptions)), TypeInfo(s_runtimeOptions))!;

        Assert.True(double.IsNaN(back.Samples[0].Value));
        Assert.Equal(double.PositiveInfinity, back.Samples[1].Value);
        Assert.Equal(double.NegativeInfinity, back.Samples[2].Value);
        Assert.Null(back.Samples[3]);
        Assert.Null(back.Samples[4].Tags);
        Assert.Null(back.Samples[5].Tags["host"]);
        Assert.Null(JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(new MetricBatch(null, null!), TypeInfo(s_runtimeOptions)), TypeInfo(s_runtimeOptions))!.Samples);
    }

    [Fact]
    public void Write_NaNUnderTheContextsOwnOptions_Throws()
    {
        var batch = new MetricBatch(null, [new MetricSample(double.NaN, 1, CanonicalTags.Empty)]);

        Assert.ThrowsAny<ArgumentException>(() => JsonSerializer.Serialize(batch, GrainsJsonContext.Default.MetricBatch));
    }

    [Fact]
    public void Write_TwentySamplesOverFourHosts_AtMostHalfTheBytesOfOneObjectPerSample()
    {
        var batch = MetricBatchTestData.IngestShapedBatch();

        var compact = JsonSerializer.SerializeToUtf8Bytes(batch, TypeInfo(s_runtimeOptions));
        var perSample = MetricBatchTestData.ObjectPerSampleForm(batch);

        output.WriteLine($"compact {compact.Length} B, one object per sample {perSample.Length} B");
        Assert.True(compact.Length * 2 <= perSample.Length, $"The compact form took {compact.Length} bytes, one object per sample {perSample.Length}.");
    }

    private static JsonSerializerOptions OptionsNamed(string name) => name == "strict" ? s_strictOptions : s_runtimeOptions;

    private static JsonTypeInfo<MetricBatch> TypeInfo(JsonSerializerOptions options) => (JsonTypeInfo<MetricBatch>)options.GetTypeInfo(typeof(MetricBatch));
}
