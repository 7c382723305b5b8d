using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LiveDash.Grains.Aggregation;
using Xunit;

namespace LiveDash.UnitTests.Grains.Aggregation;

public sealed class QuantileSketchTests
{
    private const int SampleCount = 100_000;

    // Floating-point rounding in the logarithm may push an estimate past α by a few ulps.
    private const double RoundingSlack = 1e-9;

    private static readonly double[] s_quantiles = [0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1];

    public static TheoryData<string, double> Distributions => new()
    {
        { "uniform", 0.01 },
        { "exponential", 0.01 },
        { "lognormal", 0.01 },
        { "pareto", 0.02 },
        { "normal-with-negatives", 0.01 },
        { "mixed-signs-and-zeros", 0.05 },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantile_100kValues_WithinRelativeAccuracyOfExactLowerRank(string distribution, double alpha)
    {
        var values = Generate(distribution, new Random(20251124));
        var sketch = new QuantileSketch(alpha, 1024);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        Array.Sort(values);
        Assert.False(sketch.HasCollapsed);
        Assert.Equal(SampleCount, sketch.Count);
        foreach (var q in s_quantiles)
        {
            AssertWithinAccuracy(values, q, sketch.Quantile(q)!.Value, alpha, distribution);
        }
    }

    [Fact]
    public void Quantile_EmptySketch_IsNull()
    {
        Assert.Null(new QuantileSketch(0.01, 1024).Quantile(0.5));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Quantile_OutsideZeroToOne_Throws(double q)
    {
        var sketch = new QuantileSketch(0.01, 1024);
        sketch.Add(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(q));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Add_NonFiniteValue_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch(0.01, 1024).Add(value));
    }

    [Fact]
    public void Merge_PartsOfTheData_EqualsAddingEverythingToOneSketch()
    {
        var values = Generate("mixed-signs-and-zeros", new Random(7));
        var whole = new QuantileSketch(0.01, 1024);
        var parts = new[] { new QuantileSketch(0.01, 1024), new QuantileSketch(0.01, 1024), new QuantileSketch(0.01, 1024) };
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            parts[i % 3].Add(values[i]);
        }

        var merged = new QuantileSketch(0.01, 1024);
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        Assert.Equal(Json(whole.ToState()), Json(merged.ToState()));
        foreach (var q in s_quantiles)
        {
            Assert.Equal(whole.Quantile(q), merged.Quantile(q));
        }
    }

    [Fact]
    public void Merge_DifferentRelativeAccuracy_Throws()
    {
        var sketch = new QuantileSketch(0.01, 1024);

        Assert.Throws<ArgumentException>(() => sketch.Merge(new QuantileSketch(0.02, 1024)));
    }

    [Fact]
    public void Add_RangeWiderThanTheBucketBound_CollapsesLowestBucketsAndKeepsHighQuantiles()
    {
        const int maxBuckets = 64;
        var values = Enumerable.Range(0, SampleCount).Select(i => Math.Pow(10, i * 6.0 / SampleCount)).ToArray();
        var sketch = new QuantileSketch(0.01, maxBuckets);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        var state = sketch.ToState();
        Assert.True(sketch.HasCollapsed);
        Assert.True(state.Collapsed);
        Assert.Equal(maxBuckets, state.PositiveCounts.Length);
        Assert.Equal(SampleCount, state.PositiveCounts.Sum());

        // 64 buckets at α = 0.01 span a factor of about 3.6 below the maximum: p99 is still exact to α, p50 is not.
        AssertWithinAccuracy(values, 0.99, sketch.Quantile(0.99)!.Value, 0.01, "collapsed");
        Assert.True(sketch.Quantile(0.5)!.Value > values[SampleCount / 2] * 1.01);
    }

    [Fact]
    public void FromState_RoundTrip_GivesTheSameQuantilesAndState()
    {
        var sketch = new QuantileSketch(0.01, 1024);
        foreach (var value in Generate("normal-with-negatives", new Random(3)))
        {
            sketch.Add(value);
        }

        var restored = QuantileSketch.FromState(sketch.ToState(), 0.01, 1024);

        Assert.Equal(Json(sketch.ToState()), Json(restored.ToState()));
        foreach (var q in s_quantiles)
        {
            Assert.Equal(sketch.Quantile(q), restored.Quantile(q));
        }
    }

    [Fact]
    public void Clear_AfterValues_SketchIsEmptyAndReusable()
    {
        var sketch = new QuantileSketch(0.01, 1024);
        sketch.Add(1e6);
        sketch.Add(-3);

        sketch.Clear();
        sketch.Add(5);

        Assert.Equal(1, sketch.Count);
        Assert.Equal(5, sketch.Quantile(0)!.Value, 5 * 0.01);
        Assert.Equal(5, sketch.Quantile(1)!.Value, 5 * 0.01);
    }

    [Fact]
    public void Quantile_RandomSmallDataSets_WithinAccuracyAndMergeable()
    {
        var values = Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 7.0)).Where(xs => xs.Length > 0);
        Prop.ForAll(values.ToArbitrary(), data =>
        {
            var whole = new QuantileSketch(0.01, 1024);
            var left = new QuantileSketch(0.01, 1024);
            var right = new QuantileSketch(0.01, 1024);
            for (var i = 0; i < data.Length; i++)
            {
                whole.Add(data[i]);
                (i < data.Length / 2 ? left : right).Add(data[i]);
            }

            left.Merge(right);
            var sorted = data.Order().ToArray();
            return s_quantiles.All(q =>
                IsWithinAccuracy(sorted, q, whole.Quantile(q)!.Value, 0.01) && left.Quantile(q) == whole.Quantile(q));
        }).QuickCheckThrowOnFailure();
    }

    private static void AssertWithinAccuracy(double[] sorted, double q, double estimate, double alpha, string label)
    {
        var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
        Assert.True(
            IsWithinAccuracy(sorted, q, estimate, alpha),
            $"{label}: q={q} estimate {estimate} vs exact {exact}, relative error {Math.Abs(estimate - exact) / Math.Abs(exact)} > {alpha}");
    }

    private static bool IsWithinAccuracy(double[] sorted, double q, double estimate, double alpha)
    {
        var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
        return Math.Abs(estimate - exact) <= alpha * (1 + RoundingSlack) * Math.Abs(exact);
    }

    private static double[] Generate(string distribution, Random random)
    {
        var values = new double[SampleCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = distribution switch
            {
                "uniform" => random.NextDouble() * 1000,
                "exponential" => -Math.Log(1 - random.NextDouble()) * 50,
                "lognormal" => Math.Exp(3 + (2 * Normal(random))),
                "pareto" => 1 / Math.Pow(1 - random.NextDouble(), 1 / 1.2),
                "normal-with-negatives" => Normal(random) * 100,
                "mixed-signs-and-zeros" => (i % 10) switch
                {
                    0 => 0,
                    < 4 => -Math.Exp(8 * random.NextDouble()),
                    _ => Math.Exp(12 * random.NextDouble()) - 1,
                },
                _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null),
            };
        }

        return values;
    }

    // Box–Muller: a standard normal variate from two uniforms.
    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Json(QuantileSketchState state) => JsonSerializer.Serialize(state, GrainStateJsonContext.Default.QuantileSketchState);
}
