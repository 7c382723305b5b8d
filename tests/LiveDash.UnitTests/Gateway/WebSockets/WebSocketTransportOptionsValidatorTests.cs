using LiveDash.Gateway.Transports.WebSockets;
using Xunit;

namespace LiveDash.UnitTests.Gateway.WebSockets;

public sealed class WebSocketTransportOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
        => Assert.True(new WebSocketTransportOptionsValidator().Validate(null, new WebSocketTransportOptions()).Succeeded);

    [Fact]
    public void Defaults_MatchTheContract()
    {
        var options = new WebSocketTransportOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.KeepAliveTimeout);
    }

    [Fact]
    public void Validate_ZeroKeepAliveTimeout_FailsNamingTheOptionAndValue()
    {
        var result = new WebSocketTransportOptionsValidator().Validate(null, new WebSocketTransportOptions { KeepAliveTimeout = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("LiveDash:Gateway:WebSockets:KeepAliveTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("00:00:00", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(64 * 1024 * 1024)]
    public void Validate_MessageSizeOutOfRange_Fails(int bytes)
    {
        var result = new WebSocketTransportOptionsValidator().Validate(null, new WebSocketTransportOptions { MaxIncomingMessageBytes = bytes });

        Assert.True(result.Failed);
        Assert.Contains("MaxIncomingMessageBytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoPendingRequests_Fails()
    {
        var result = new WebSocketTransportOptionsValidator().Validate(null, new WebSocketTransportOptions { MaxPendingRequests = 0, MaxPendingReplies = 0 });

        Assert.Contains("MaxPendingRequests", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("MaxPendingReplies", result.FailureMessage, StringComparison.Ordinal);
    }
}
