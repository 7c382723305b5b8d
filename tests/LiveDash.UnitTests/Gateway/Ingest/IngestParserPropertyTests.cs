using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LiveDash.Gateway.Ingest;
using LiveDash.Grains;
using Xunit;
using static LiveDash.UnitTests.Gateway.Ingest.IngestBodyGenerators;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>
/// Both parsers over generated bodies — valid batches, batches with edge numbers, mutated bodies and
/// garbage: a parser never throws (an exception would surface as a 5xx), and its outcome is either the
/// whole batch with every point valid by the grains' rules, or a 400/422 rejection with no points at all.
/// </summary>
public sealed class IngestParserPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(10_000);
    private static readonly MetricGrainOptions s_grainOptions = new();
    private static readonly int[] s_rejectionStatuses = [400, 422];

    [Fact]
    public void Json_ValidBatches_AreAcceptedWhole_WithTheGeneratedValues()
        => Check.One(s_config, Prop.ForAll(Arb.From(Batches), points =>
        {
            var batch = Accepted(Json(IngestBodyGenerators.Json(points, "b-1")));
            Assert.Equal("b-1", batch.BatchId);
            AssertMatches(points, batch);
        }));

    [Fact]
    public void Lines_ValidBatches_AreAcceptedWhole_WithTheGeneratedValues()
        => Check.One(s_config, Prop.ForAll(Arb.From(Batches), points => AssertMatches(points, Accepted(Lines(IngestBodyGenerators.Lines(points))))));

    [Fact]
    public void BothFormats_EdgeNumbers_AcceptedExactlyWhenEveryValueIsValid()
        => Check.One(s_config, Prop.ForAll(Arb.From(Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(EdgePoints, n))), points =>
        {
            var model = points.Select(p => p.Point).ToArray();
            var valid = points.All(p => p.Valid);
            foreach (var result in new[] { Json(IngestBodyGenerators.Json(model)), Lines(IngestBodyGenerators.Lines(model)) })
            {
                AssertWholeOrNothing(result);
                Assert.Equal(valid, result.Batch is not null);
                if (!valid)
                {
                    Assert.Equal(422, result.Rejection!.StatusCode);
                    Assert.Equal(points.Select((p, i) => (p, i)).Where(x => !x.p.Valid).Select(x => x.i), result.Rejection.Errors.Select(e => e.Index));
                }
            }
        }));

    [Fact]
    public void Json_MutatedBodies_AreWholeOrNothing()
        => Check.One(s_config, Prop.ForAll(
            Arb.From(Batches.SelectMany(points => Mutations(Encoding.UTF8.GetBytes(IngestBodyGenerators.Json(points, "b-1"))))),
            body => AssertWholeOrNothing(JsonMetricBatchParser.Parse(body, Settings()))));

    [Fact]
    public void Lines_MutatedBodies_AreWholeOrNothing()
        => Check.One(s_config, Prop.ForAll(
            Arb.From(Batches.SelectMany(points => Mutations(Encoding.UTF8.GetBytes(IngestBodyGenerators.Lines(points))))),
            body => AssertWholeOrNothing(LineProtocolParser.Parse(body, Settings(), null))));

    [Fact]
    public void BothFormats_Garbage_IsWholeOrNothing()
        => Check.One(s_config, Prop.ForAll(Arb.From(Garbage), body =>
        {
            AssertWholeOrNothing(JsonMetricBatchParser.Parse(body, Settings()));
            AssertWholeOrNothing(LineProtocolParser.Parse(body, Settings(), null));
        }));

    [Fact]
    public void BoardCommands_GarbageAndMutations_NeverThrow()
        => Check.One(s_config, Prop.ForAll(
            Arb.From(Gen.OneOf(Garbage, Mutations("""{"batchId":"c-1","title":"Final ⚽","set":{"team-a":3,"b":-1},"add":{"team-b":9223372036854775807}}"""u8.ToArray()))),
            body =>
            {
                var rejection = BoardCommandParser.Parse(body, new ScoreboardGrainOptions(), out var command);
                Assert.True((rejection is null) != (command is null));
                if (rejection is not null)
                {
                    Assert.Contains(rejection.StatusCode, s_rejectionStatuses);
                }
                else
                {
                    BoardCommandValidator.Validate(command!, new ScoreboardGrainOptions());
                }
            }));

    private static void AssertWholeOrNothing(MetricIngestResult result)
    {
        if (result.Batch is { } batch)
        {
            Assert.Null(result.Rejection);
            Assert.True(batch.BatchId is null || BatchIdRules.IsValid(batch.BatchId));
            foreach (var point in batch.Points)
            {
                Assert.True(TopicNames.IsValidName(point.Metric));
                MetricSampleValidator.Validate(point.Sample, point.SourceIndex, NowMs, s_grainOptions);
            }
        }
        else
        {
            Assert.Contains(Assert.IsType<IngestRejection>(result.Rejection).StatusCode, s_rejectionStatuses);
        }
    }

    private static void AssertMatches(PointModel[] points, ParsedMetricBatch batch)
    {
        AssertWholeOrNothing(MetricIngestResult.Accepted(batch));
        Assert.Equal(points.Length, batch.Points.Count);
        for (var i = 0; i < points.Length; i++)
        {
            var (expected, actual) = (points[i], batch.Points[i]);
            Assert.Equal(expected.Metric, actual.Metric);
            Assert.Equal(double.Parse(expected.Value, CultureInfo.InvariantCulture), actual.Sample.Value);
            Assert.Equal(expected.TimestampMs ?? NowMs, actual.Sample.TimestampMs);
            Assert.Equal(expected.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), actual.Sample.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
        }
    }
}
