using LiveDash.Gateway.Transports.LongPolling;
using Xunit;

namespace LiveDash.UnitTests.Gateway.LongPolling;

public sealed class LongPollingOptionsValidatorTests
{
    [Fact]
    public void Defaults_HoldFor25Seconds_AndValidate()
    {
        var options = new LongPollingOptions();

        Assert.Equal(TimeSpan.FromSeconds(25), options.HoldTimeout);
        Assert.True(new LongPollingOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ZeroHold_FailsNamingTheOption()
    {
        var result = new LongPollingOptionsValidator().Validate(null, new LongPollingOptions { HoldTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("LiveDash:Gateway:LongPolling:HoldTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoEventsPerResponse_FailsNamingTheValue()
    {
        var result = new LongPollingOptionsValidator().Validate(null, new LongPollingOptions { MaxEventsPerResponse = 0 });

        Assert.True(result.Failed);
        Assert.Contains("MaxEventsPerResponse must be at least 1; it is 0", result.FailureMessage, StringComparison.Ordinal);
    }
}
