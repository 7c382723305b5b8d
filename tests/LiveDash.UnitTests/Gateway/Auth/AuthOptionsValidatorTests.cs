using LiveDash.Gateway.Auth;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class AuthOptionsValidatorTests
{
    private readonly AuthOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
        => Assert.True(_validator.Validate(null, new AuthOptions()).Succeeded);

    [Fact]
    public void Validate_KeyWithInnerWhitespace_NamesTheOptionAndEntryButNotTheKey()
    {
        var result = _validator.Validate(null, new AuthOptions { IngestKeys = "good-key, bad key-secret " });

        Assert.True(result.Failed);
        Assert.Contains("LiveDash:Auth:IngestKeys entry 2", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooLongKey_Fails()
        => Assert.Contains(
            "LiveDash:Auth:ViewKeys entry 1 is 1025 characters long",
            _validator.Validate(null, new AuthOptions { ViewKeys = new string('k', 1025) }).FailureMessage,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("00:00:00", "LiveDash:Auth:TicketLifetime must be between 00:00:01 and 00:10:00; it is 00:00:00.")]
    [InlineData("00:11:00", "LiveDash:Auth:TicketLifetime must be between 00:00:01 and 00:10:00; it is 00:11:00.")]
    public void Validate_TicketLifetimeOutOfRange_NamesTheOptionAndValue(string lifetime, string expected)
        => Assert.Contains(expected, _validator.Validate(null, new AuthOptions { TicketLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Validate_SessionShorterThanTicket_Fails()
        => Assert.Contains(
            "LiveDash:Auth:SessionLifetime (00:00:10) must be at least LiveDash:Auth:TicketLifetime (00:00:30)",
            _validator.Validate(null, new AuthOptions { SessionLifetime = TimeSpan.FromSeconds(10) }).FailureMessage,
            StringComparison.Ordinal);

    [Fact]
    public void Validate_ShortTicketSecret_FailsWithoutPrintingIt()
    {
        var result = _validator.Validate(null, new AuthOptions { TicketSecret = "hunter2" });

        Assert.Contains("LiveDash:Auth:TicketSecret must be at least 16 characters", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadAllowedOrigin_NamesIt()
        => Assert.Contains(
            "LiveDash:Auth:AllowedOrigins entry 'https://dash.example.com/app' is not an origin",
            _validator.Validate(null, new AuthOptions { AllowedOrigins = "https://ok.example.com, https://dash.example.com/app, *" }).FailureMessage,
            StringComparison.Ordinal);

    [Fact]
    public void Validate_MaxRedeemedTicketsZero_Fails()
        => Assert.Contains(
            "LiveDash:Auth:MaxRedeemedTickets must be between 1 and 10000000; it is 0.",
            _validator.Validate(null, new AuthOptions { MaxRedeemedTickets = 0 }).FailureMessage,
            StringComparison.Ordinal);

    [Fact]
    public void Validate_MaxPerIpZero_NamesTheOptionAndValue()
        => Assert.Equal(
            "LiveDash:Gateway:Connections:MaxPerIp must be between 1 and 1000000; it is 0.",
            new ConnectionLimitOptionsValidator().Validate(null, new ConnectionLimitOptions { MaxPerIp = 0 }).FailureMessage);
}
