using LiveDash.Gateway.Auth;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

public sealed class BearerTokenTests
{
    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("BEARER abc", "abc")]
    [InlineData("Bearer   abc  ", "abc")]
    [InlineData("  Bearer\tabc", "abc")]
    [InlineData("Bearer a.b-c_d~e+f/g=", "a.b-c_d~e+f/g=")]
    public void TryRead_BearerHeader_GivesTheToken(string header, string expected)
    {
        Assert.Equal(BearerTokenStatus.Present, BearerToken.TryRead(new StringValues(header), out var token));
        Assert.Equal(expected, token);
    }

    [Theory]
    [InlineData("Basic YWxhZGRpbjpvcGVuc2VzYW1l", nameof(BearerTokenStatus.OtherScheme))]
    [InlineData("Bearerabc", nameof(BearerTokenStatus.OtherScheme))]
    [InlineData("abc", nameof(BearerTokenStatus.OtherScheme))]
    [InlineData("Bearer", nameof(BearerTokenStatus.Malformed))]
    [InlineData("Bearer    ", nameof(BearerTokenStatus.Malformed))]
    [InlineData("Bearer abc def", nameof(BearerTokenStatus.Malformed))]
    [InlineData("", nameof(BearerTokenStatus.Absent))]
    [InlineData("   ", nameof(BearerTokenStatus.Absent))]
    public void TryRead_OtherHeaders_SayWhatIsWrong(string header, string expected)
        => Assert.Equal(expected, BearerToken.TryRead(new StringValues(header), out _).ToString());

    [Fact]
    public void TryRead_NoHeader_IsAbsent()
        => Assert.Equal(BearerTokenStatus.Absent, BearerToken.TryRead(StringValues.Empty, out _));

    [Fact]
    public void TryRead_TwoHeaders_IsMalformed()
        => Assert.Equal(BearerTokenStatus.Malformed, BearerToken.TryRead(new StringValues(["Bearer a", "Bearer b"]), out _));

    [Fact]
    public void TryRead_TokenLongerThanAnyKey_IsMalformed()
        => Assert.Equal(BearerTokenStatus.Malformed, BearerToken.TryRead(new StringValues("Bearer " + new string('k', BearerToken.MaxLength + 1)), out _));
}
