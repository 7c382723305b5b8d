using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.WebSockets;

/// <summary>One gateway (local mode, memory storage) shared by the WebSocket tests that do not stop it; each test uses its own boards.</summary>
public sealed class WebSocketGatewayFixture : IAsyncLifetime
{
    /// <summary>The message size limit of this gateway (small, so the oversize test sends little).</summary>
    public const int MaxIncomingMessageBytes = 4096;

    private GatewayServer? _server;

    internal GatewayServer Server => _server ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync()
        => _server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["LiveDash:Gateway:WebSockets:MaxIncomingMessageBytes"] = MaxIncomingMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    internal IScoreboardGrain Board(string id) => Server.Services.GetRequiredService<IClusterClient>().GetGrain<IScoreboardGrain>(id);
}
