using LiveDash.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.IntegrationTests.Gateway;

/// <summary>
/// A real gateway on Kestrel, bound to a free 127.0.0.1 port: the configuration-driven runtime by
/// default (local mode: a co-hosted silo on a free port with memory storage), or whatever
/// <c>configureRuntime</c> registers (a client of a TestCluster). For transports, where real sockets
/// matter; WebApplicationFactory tests use <c>WebApplicationFactory&lt;Program&gt;</c>.
/// </summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private GatewayServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The gateway's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a gateway.</summary>
    /// <param name="settings">Configuration, as <c>--key=value</c> arguments (they win over the defaults here).</param>
    /// <param name="configureRuntime">Replaces the configured runtime (see <see cref="GatewayApplication.Build"/>).</param>
    /// <param name="configure">Last changes to the builder.</param>
    /// <returns>The started gateway.</returns>
    public static async Task<GatewayServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configureRuntime = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["LiveDash:Storage:Provider"] = "memory",
            ["LiveDash:Silo:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            // Off unless a test asks: its livedash.gateway.* topics would show in topic lists and grain counts.
            ["LiveDash:Gateway:SelfMetrics:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var args = merged.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();
        var app = GatewayApplication.Build(args, configureRuntime, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>An HTTP client for this gateway (no timeout: push responses are long).</summary>
    /// <returns>The client; the caller disposes it.</returns>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Stops the gateway gracefully (push clients are told to reconnect).</summary>
    /// <returns>A task that completes when it stopped.</returns>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
