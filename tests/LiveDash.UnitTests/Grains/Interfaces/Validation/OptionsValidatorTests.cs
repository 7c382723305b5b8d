using LiveDash.Grains;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces.Validation;

public sealed class OptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultOptions_Succeed()
    {
        Assert.True(new MetricGrainOptionsValidator().Validate(null, new MetricGrainOptions()).Succeeded);
        Assert.True(new ScoreboardGrainOptionsValidator().Validate(null, new ScoreboardGrainOptions()).Succeeded);
    }

    [Fact]
    public void ThrowIfInvalid_BadMetricOptions_ListsEveryOptionWithItsValue()
    {
        var options = new MetricGrainOptions
        {
            MaxSeriesPerMetric = 0,
            QuantileRelativeAccuracy = double.NaN,
            MaxQuantileSketchBuckets = 1_000_000,
            BatchIdRetention = TimeSpan.Zero,
            MaxFutureSkew = TimeSpan.FromSeconds(-1),
        };

        var error = Assert.Throws<OptionsValidationException>(() => MetricGrainOptionsValidator.ThrowIfInvalid(options));

        Assert.Equal(
            [
                "MetricGrainOptions.MaxSeriesPerMetric is 0; it must be at least 1.",
                "MetricGrainOptions.MaxQuantileSketchBuckets is 1000000; it must be at most 65536.",
                "MetricGrainOptions.QuantileRelativeAccuracy is NaN; it must be between 0.0001 and 0.5 (0.01 = 1 %).",
                "MetricGrainOptions.BatchIdRetention is 00:00:00; it must be positive.",
                "MetricGrainOptions.MaxFutureSkew is -00:00:01; it must not be negative.",
            ],
            error.Failures);
    }

    [Fact]
    public void ThrowIfInvalid_BadScoreboardOptions_NamesTheOptionAndValue()
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => ScoreboardGrainOptionsValidator.ThrowIfInvalid(new ScoreboardGrainOptions { MaxEntries = -5 }));

        Assert.Equal(["ScoreboardGrainOptions.MaxEntries is -5; it must be at least 1."], error.Failures);
    }
}
