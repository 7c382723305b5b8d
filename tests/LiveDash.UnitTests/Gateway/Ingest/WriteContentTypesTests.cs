using LiveDash.Gateway.Ingest;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class WriteContentTypesTests
{
    [Theory]
    [InlineData("application/json", "Json")]
    [InlineData("Application/JSON; charset=utf-8", "Json")]
    [InlineData("application/json; charset=\"UTF-8\"", "Json")]
    [InlineData("text/plain", "LineProtocol")]
    [InlineData("text/plain; charset=utf8", "LineProtocol")]
    [InlineData("text/plain; version=0.0.4", "LineProtocol")]
    [InlineData(null, "Unsupported")]
    [InlineData("", "Unsupported")]
    [InlineData("application/xml", "Unsupported")]
    [InlineData("application/problem+json", "Unsupported")]
    [InlineData("text/plain; charset=iso-8859-1", "Unsupported")]
    [InlineData("application/json; charset=utf-16", "Unsupported")]
    [InlineData("garbage", "Unsupported")]
    public void Classify_AcceptsJsonAndTextInUtf8Only(string? contentType, string expected)
        => Assert.Equal(expected, WriteContentTypes.Classify(contentType).ToString());
}
