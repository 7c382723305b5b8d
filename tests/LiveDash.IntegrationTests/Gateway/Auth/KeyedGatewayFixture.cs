using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Auth;

/// <summary>One real gateway on 127.0.0.1 with an ingest key, a view key and a key in both lists.</summary>
public sealed class KeyedGatewayFixture : IAsyncLifetime
{
    public const string IngestKey = "it-ingest-key-0123456789abcdef";
    public const string ViewKey = "it-view-key-0123456789abcdef";
    public const string BothKey = "it-both-key-0123456789abcdef";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["LiveDash:Auth:IngestKeys"] = IngestKey + "," + BothKey,
        ["LiveDash:Auth:ViewKeys"] = ViewKey + "," + BothKey,
    };

    private GatewayServer? _server;

    internal GatewayServer Server => _server ?? throw new InvalidOperationException("The gateway has not started.");

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
