using LiveDash.Gateway.Diagnostics;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Diagnostics;

public sealed class DiagnosticsOptionsValidatorTests
{
    [Fact]
    public void SelfMetrics_Defaults_Valid()
        => Assert.True(new SelfMetricsOptionsValidator().Validate(null, new SelfMetricsOptions()).Succeeded);

    [Theory]
    [InlineData(50)]
    [InlineData(600_000)]
    public void SelfMetrics_IntervalOutOfRange_FailureNamesTheOptionAndValue(int milliseconds)
    {
        var interval = TimeSpan.FromMilliseconds(milliseconds);

        var result = new SelfMetricsOptionsValidator().Validate(null, new SelfMetricsOptions { Interval = interval });

        Assert.True(result.Failed);
        Assert.Contains("LiveDash:Gateway:SelfMetrics:Interval", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(interval.ToString(), result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gateway-1")]
    public void Identity_UnsetEmptyOrValidName_Valid(string? name)
        => Assert.True(new GatewayIdentityOptionsValidator().Validate(null, new GatewayIdentityOptions { Name = name }).Succeeded);

    [Fact]
    public void Identity_NameWithASpace_FailureNamesTheOptionAndValue()
    {
        var result = new GatewayIdentityOptionsValidator().Validate(null, new GatewayIdentityOptions { Name = "gateway 1" });

        Assert.True(result.Failed);
        Assert.Contains("LiveDash:Gateway:Name", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'gateway 1'", result.FailureMessage, StringComparison.Ordinal);
    }
}
