using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Hosting;

public sealed class StreamOptionsValidatorTests
{
    private readonly StreamOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
        => Assert.True(_validator.Validate(null, new StreamOptions()).Succeeded);

    [Fact]
    public void Validate_EveryBoundItself_Succeeds()
    {
        Assert.True(_validator.Validate(null, new StreamOptions
        {
            ReplayBufferCount = 1,
            ReplayBufferAge = TimeSpan.FromSeconds(1),
            LeaseDuration = TimeSpan.FromSeconds(1),
            LeaseRenewalPeriod = TimeSpan.FromMilliseconds(100),
            MaxResubscribeBackoff = TimeSpan.FromMilliseconds(100),
            PublishInterval = TimeSpan.Zero,
        }).Succeeded);
        Assert.True(_validator.Validate(null, new StreamOptions
        {
            ReplayBufferCount = 1_000_000,
            ReplayBufferAge = TimeSpan.FromDays(1),
            LeaseDuration = TimeSpan.FromHours(1),
            LeaseRenewalPeriod = TimeSpan.FromMinutes(10),
            MaxResubscribeBackoff = TimeSpan.FromMinutes(5),
            PublishInterval = TimeSpan.FromMinutes(1),
        }).Succeeded);
    }

    [Theory]
    [InlineData(0, "LiveDash:Runtime:Streams:ReplayBufferCount must be between 1 and 1000000; it was 0.")]
    [InlineData(1_000_001, "LiveDash:Runtime:Streams:ReplayBufferCount must be between 1 and 1000000; it was 1000001.")]
    public void Validate_ReplayBufferCountOutOfRange_NamesTheOptionAndValue(int count, string expected)
        => AssertFailsWith(new StreamOptions { ReplayBufferCount = count }, expected);

    [Fact]
    public void Validate_ReplayBufferAgeOutOfRange_NamesTheOptionAndValue()
    {
        AssertFailsWith(
            new StreamOptions { ReplayBufferAge = TimeSpan.FromMilliseconds(999) },
            "LiveDash:Runtime:Streams:ReplayBufferAge must be between 00:00:01 and 1.00:00:00; it was 00:00:00.9990000.");
        AssertFailsWith(
            new StreamOptions { ReplayBufferAge = TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1) },
            "LiveDash:Runtime:Streams:ReplayBufferAge must be between 00:00:01 and 1.00:00:00; it was 1.00:00:01.");
    }

    [Fact]
    public void Validate_LeaseDurationAboveRange_NamesTheOptionAndValue()
        => AssertFailsWith(
            new StreamOptions { LeaseDuration = TimeSpan.FromHours(2) },
            "LiveDash:Runtime:Streams:LeaseDuration must be between 00:00:01 and 01:00:00; it was 02:00:00.");

    [Fact]
    public void Validate_LeaseDurationBelowRange_NamesTheRangeAndTheRenewalRule()
    {
        var result = _validator.Validate(null, new StreamOptions { LeaseDuration = TimeSpan.Zero, LeaseRenewalPeriod = TimeSpan.FromMilliseconds(100) });

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "LiveDash:Runtime:Streams:LeaseDuration must be between 00:00:01 and 01:00:00; it was 00:00:00.",
                "LiveDash:Runtime:Streams:LeaseDuration (00:00:00) must be at least three LeaseRenewalPeriods (00:00:00.1000000), so one late renewal does not end a subscription.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_LeaseRenewalPeriodOutOfRange_NamesTheOptionAndValue()
    {
        AssertFailsWith(
            new StreamOptions { LeaseRenewalPeriod = TimeSpan.FromMilliseconds(99) },
            "LiveDash:Runtime:Streams:LeaseRenewalPeriod must be between 00:00:00.1000000 and 00:10:00; it was 00:00:00.0990000.");
        AssertFailsWith(
            new StreamOptions { LeaseRenewalPeriod = TimeSpan.FromMinutes(11), LeaseDuration = TimeSpan.FromHours(1) },
            "LiveDash:Runtime:Streams:LeaseRenewalPeriod must be between 00:00:00.1000000 and 00:10:00; it was 00:11:00.");
    }

    [Fact]
    public void Validate_MaxResubscribeBackoffOutOfRange_NamesTheOptionAndValue()
    {
        AssertFailsWith(
            new StreamOptions { MaxResubscribeBackoff = TimeSpan.FromMilliseconds(50) },
            "LiveDash:Runtime:Streams:MaxResubscribeBackoff must be between 00:00:00.1000000 and 00:05:00; it was 00:00:00.0500000.");
        AssertFailsWith(
            new StreamOptions { MaxResubscribeBackoff = TimeSpan.FromMinutes(6) },
            "LiveDash:Runtime:Streams:MaxResubscribeBackoff must be between 00:00:00.1000000 and 00:05:00; it was 00:06:00.");
    }

    [Fact]
    public void Validate_PublishIntervalOutOfRange_NamesTheOptionAndValue()
    {
        AssertFailsWith(
            new StreamOptions { PublishInterval = TimeSpan.FromMilliseconds(-1) },
            "LiveDash:Runtime:Streams:PublishInterval must be between 00:00:00 and 00:01:00; it was -00:00:00.0010000.");
        AssertFailsWith(
            new StreamOptions { PublishInterval = TimeSpan.FromMinutes(2) },
            "LiveDash:Runtime:Streams:PublishInterval must be between 00:00:00 and 00:01:00; it was 00:02:00.");
    }

    [Fact]
    public void Validate_LeaseDurationUnderThreeRenewalPeriods_IsRefusedNamingBothOptions()
    {
        var options = new StreamOptions { LeaseDuration = TimeSpan.FromSeconds(14), LeaseRenewalPeriod = TimeSpan.FromSeconds(5) };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures);
        Assert.Contains("LiveDash:Runtime:Streams:LeaseDuration (00:00:14)", failure, StringComparison.Ordinal);
        Assert.Contains("LeaseRenewalPeriod", failure, StringComparison.Ordinal);
        Assert.Contains("00:00:05", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaseDurationExactlyThreeRenewalPeriods_Succeeds()
        => Assert.True(_validator.Validate(null, new StreamOptions { LeaseDuration = TimeSpan.FromSeconds(15), LeaseRenewalPeriod = TimeSpan.FromSeconds(5) }).Succeeded);

    [Fact]
    public void Validate_SeveralBadOptions_ReportsEach()
    {
        var result = _validator.Validate(null, new StreamOptions { ReplayBufferCount = 0, MaxResubscribeBackoff = TimeSpan.Zero });

        Assert.Equal(2, result.Failures!.Count());
    }

    private void AssertFailsWith(StreamOptions options, string expected)
    {
        var result = _validator.Validate(null, options);

        Assert.True(result.Failed, $"Expected the options to be refused with: {expected}");
        Assert.Equal([expected], result.Failures);
    }
}
