using LiveDash.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Hosting;

public sealed class ConnectionCapacityTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            20000                40000                files
        Max locked memory         8388608              8388608              bytes
        """;

    [Fact]
    public void Resolve_NoSetting_IsTheSoftOpenFileLimitMinusTheReserve()
    {
        Assert.Equal(20_000 - ConnectionCapacity.ReservedFileDescriptors, ConnectionCapacity.Resolve(Configuration(null), () => Limits));
    }

    [Fact]
    public void Resolve_Setting_WinsOverTheLimit()
    {
        Assert.Equal(500, ConnectionCapacity.Resolve(Configuration("500"), () => Limits));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("lots")]
    public void Resolve_SettingNotAPositiveNumber_ThrowsNamingTheSettingAndValue(string value)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ConnectionCapacity.Resolve(Configuration(value), () => Limits));
        Assert.Contains(ConnectionCapacity.SettingKey, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Limit Soft Limit\nMax processes 100 100 processes\n")]
    [InlineData("Max open files            unlimited            unlimited            files\n")]
    [InlineData("Max open files            1500                 1500                 files\n")]
    public void Resolve_NoSettingAndNoUsableLimit_LeavesKestrelUncapped(string? limits)
    {
        Assert.Null(ConnectionCapacity.Resolve(Configuration(null), () => limits));
    }

    [Fact]
    public void OpenFilesSoftLimit_ReadsTheSoftColumn()
    {
        Assert.Equal(20_000, ConnectionCapacity.OpenFilesSoftLimit(Limits));
    }

    private static IConfiguration Configuration(string? maxConnections) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ConnectionCapacity.SettingKey] = maxConnections })
            .Build();
}
