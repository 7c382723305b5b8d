using LiveDash.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.BrowserTests.Harness;

/// <summary>
/// A real gateway on Kestrel (<see cref="GatewayApplication.Build"/>, as <c>dotnet LiveDash.Gateway.dll</c> runs it)
/// on 127.0.0.1, serving the built dashboard from dashboard-ui/dist as its web root. It keeps its port across a
/// <see cref="KillAsync"/> and <see cref="StartAsync"/>, so a page that was open on it reconnects to the same origin.
/// </summary>
internal sealed class DashboardGateway : IAsyncDisposable
{
    private readonly string _clusterId;
    private readonly Action<WebApplicationBuilder> _configureRuntime;
    private WebApplication? _app;
    private ConnectionKillSwitch? _killSwitch;
    private int _port;

    internal DashboardGateway(string name, int port, string clusterId, Action<WebApplicationBuilder> configureRuntime)
    {
        Name = name;
        _port = port;
        _clusterId = clusterId;
        _configureRuntime = configureRuntime;
    }

    /// <summary>A name for messages (e.g. "watched gateway").</summary>
    public string Name { get; }

    /// <summary>The gateway's root, e.g. <c>http://127.0.0.1:41234/</c>; the same after a restart.</summary>
    public Uri BaseAddress => _port == 0
        ? throw new InvalidOperationException($"The {Name} has not started yet.")
        : new Uri($"http://127.0.0.1:{_port}/");

    /// <summary>Whether it is serving.</summary>
    public bool IsRunning => _app is not null;

    /// <summary>Starts the gateway (again) on its port.</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException($"The {Name} is already running.");
        }

        string[] args =
        [
            $"--urls=http://127.0.0.1:{_port}",
            $"--{WebHostDefaults.WebRootKey}={RepositoryPaths.RequireBuiltDashboard()}",
            $"--LiveDash:Cluster:ClusterId={_clusterId}",
            "--Logging:LogLevel:Default=Warning",
            // Its livedash.gateway.* topics would show up as tiles and in topic lists.
            "--LiveDash:Gateway:SelfMetrics:Enabled=false",
        ];
        var killSwitch = new ConnectionKillSwitch();
        var app = GatewayApplication.Build(args, _configureRuntime, builder => builder.Services.AddSingleton<IStartupFilter>(killSwitch));
        try
        {
            await app.StartAsync();
        }
        catch (IOException exception) when (_port != 0)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The {Name} could not bind 127.0.0.1:{_port} again: {exception.Message}", exception);
        }

        if (_port == 0)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _port = new Uri(address).Port;
        }

        _app = app;
        _killSwitch = killSwitch;
    }

    /// <summary>
    /// Crashes the gateway as far as its clients can tell: every connection is cut at once with no goodbye
    /// (see <see cref="ConnectionKillSwitch"/>), then the process's gateway is torn down and its port closed.
    /// </summary>
    public async Task KillAsync()
    {
        var app = _app ?? throw new InvalidOperationException($"The {Name} is not running.");
        _killSwitch!.Kill();
        _app = null;
        _killSwitch = null;
        // A cancelled token: Kestrel aborts whatever is left instead of draining it.
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await app.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
