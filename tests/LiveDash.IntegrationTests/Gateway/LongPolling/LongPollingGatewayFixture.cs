using Xunit;

namespace LiveDash.IntegrationTests.Gateway.LongPolling;

/// <summary>Two gateways shared by the long-polling tests: one with the default hold, one with a short hold for the timeout cases.</summary>
public sealed class LongPollingGatewayFixture : IAsyncLifetime
{
    /// <summary>The short gateway's hold.</summary>
    public static readonly TimeSpan ShortHold = TimeSpan.FromMilliseconds(300);

    private GatewayServer? _server;
    private GatewayServer? _shortHoldServer;

    internal GatewayServer Server => _server ?? throw new InvalidOperationException("The gateway is not started.");

    internal GatewayServer ShortHoldServer => _shortHoldServer ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync()
    {
        _server = await GatewayServer.StartAsync();
        _shortHoldServer = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["LiveDash:Gateway:LongPolling:HoldTimeout"] = ShortHold.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _server, _shortHoldServer })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
