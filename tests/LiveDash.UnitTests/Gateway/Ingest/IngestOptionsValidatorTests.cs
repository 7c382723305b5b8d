using LiveDash.Gateway.Ingest;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Ingest;

public sealed class IngestOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
        => Assert.True(new IngestOptionsValidator().Validate(null, new IngestOptions()).Succeeded);

    [Fact]
    public void RateLimitOff_AllowsAnyBurst()
        => Assert.True(new IngestOptionsValidator().Validate(null, new IngestOptions { RequestsPerSecondPerKey = 0, BurstRequestsPerKey = 0 }).Succeeded);

    [Theory]
    [InlineData(0, 1, 1, 1, "MaxBodyBytes")]
    [InlineData(2L * 1024 * 1024 * 1024, 1, 1, 1, "MaxBodyBytes")]
    [InlineData(1, 0, 1, 1, "MaxPointsPerBatch")]
    [InlineData(1, 1, -1, 1, "RequestsPerSecondPerKey")]
    [InlineData(1, 1, 10, 5, "BurstRequestsPerKey")]
    public void OutOfRange_FailsNamingTheKeyAndValue(long maxBody, int maxPoints, int perSecond, int burst, string key)
    {
        var result = new IngestOptionsValidator().Validate(null, new IngestOptions { MaxBodyBytes = maxBody, MaxPointsPerBatch = maxPoints, RequestsPerSecondPerKey = perSecond, BurstRequestsPerKey = burst });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("LiveDash:Gateway:Ingest:" + key, failure, StringComparison.Ordinal);
    }
}
