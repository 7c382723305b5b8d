using LiveDash.Grains;
using Xunit;
using static LiveDash.UnitTests.Grains.GrainTestData;

namespace LiveDash.UnitTests.Grains.Interfaces.Validation;

public sealed class MetricSampleValidatorTests
{
    private static readonly MetricGrainOptions s_options = new() { MaxTagsPerSeries = 2, MaxTagKeyLength = 4, MaxTagValueLength = 3 };

    public static TheoryData<MetricSample?, string> InvalidSamples => new()
    {
        { null, "the sample is null" },
        { Sample(double.NaN), "value NaN is not a finite number" },
        { Sample(double.PositiveInfinity), "is not a finite number" },
        { Sample(-2e280), "the largest accepted" },
        { Sample(1, NowMs - (24 * 3_600_000L) - 1), "older than MetricGrainOptions.MaxPointAge (1.00:00:00)" },
        { Sample(1, NowMs + (5 * 60_000L) + 1), "beyond MetricGrainOptions.MaxFutureSkew (00:05:00)" },
        { Sample(1, 1_764_000_000), "timestamps are Unix milliseconds" },
        { new MetricSample(1, NowMs, null!), "tags are missing" },
        { Sample(1, NowMs, ("a", "1"), ("b", "2"), ("c", "3")), "3 tags exceed the limit of 2 (MetricGrainOptions.MaxTagsPerSeries)" },
        { Sample(1, NowMs, ("", "1")), "a tag key is empty" },
        { Sample(1, NowMs, ("hosts", "1")), "tag key 'hosts' has 5 characters, over the limit of 4 (MetricGrainOptions.MaxTagKeyLength)" },
        { Sample(1, NowMs, ("h st", "1")), "has a character outside [A-Za-z0-9._-]" },
        { Sample(1, NowMs, ("host", "")), "tag 'host' has an empty value" },
        { Sample(1, NowMs, ("host", "abcd")), "value of 4 characters, over the limit of 3 (MetricGrainOptions.MaxTagValueLength)" },
        { Sample(1, NowMs, ("host", "a\nb")), "control character" },
        { Sample(1, NowMs, ("host", "a\uD800")), "unpaired surrogate" },
    };

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public void Validate_InvalidSample_ThrowsWithItemIndexAndReason(MetricSample? sample, string expected)
    {
        var error = Assert.Throws<InvalidGrainInputException>(() => MetricSampleValidator.Validate(sample, 4, NowMs, s_options));

        Assert.Equal(4, error.ItemIndex);
        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidSample_DoesNotThrow()
    {
        MetricSampleValidator.Validate(Sample(-1e280, NowMs, ("host", "é😀"), ("dc", "a,b")), 0, NowMs, s_options);
    }
}
