using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Logs the effective auth mode when the gateway starts (key counts only), and once the server listens checks the
/// addresses it really bound: binds configured some other way than <c>urls</c> or <c>Kestrel:Endpoints</c> (code,
/// <c>ASPNETCORE_HTTP_PORTS</c>) are caught here. A non-loopback address while a scope is open stops the gateway with
/// exit code 2; until then open access is refused to requests that did not reach a loopback address anyway.
/// </summary>
internal sealed class AuthStartup : IHostedLifecycleService
{
    /// <summary>The process exit code when the gateway stops itself for an open scope on a non-loopback bind.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Keys shorter than this draw a warning at start (not an error: short keys work, they are just guessable).</summary>
    private const int MinRecommendedKeyLength = 16;

    private readonly KeyRingProvider _keys;
    private readonly BindState _bind;
    private readonly AuthOptions _auth;
    private readonly ConnectionLimitOptions _connections;
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;

    public AuthStartup(
        KeyRingProvider keys,
        BindState bind,
        IOptions<AuthOptions> auth,
        IOptions<ConnectionLimitOptions> connections,
        IServer server,
        IHostApplicationLifetime lifetime,
        ILogger<AuthStartup> logger)
    {
        _keys = keys;
        _bind = bind;
        _auth = auth.Value;
        _connections = connections.Value;
        _server = server;
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var ring = _keys.Current;
        var open = _keys.OpenScopes(ring);
        var ingestMode = Mode(AccessScope.Ingest, ring, open);
        var viewMode = Mode(AccessScope.View, ring, open);
        var signing = string.IsNullOrEmpty(_auth.TicketSecret) ? "per key" : "per key and TicketSecret";
        var originCount = CommaList.Parse(_auth.AllowedOrigins).Count;
        AuthLog.AuthConfigured(
            _logger,
            ingestMode,
            ring.IngestKeyCount,
            viewMode,
            ring.ViewKeyCount,
            _auth.TicketLifetime,
            _auth.SessionLifetime,
            signing,
            _auth.MaxRedeemedTickets,
            originCount,
            _connections.MaxPerIp,
            _connections.ExemptLoopback);
        var shortKeys = CommaList.Parse(_auth.IngestKeys).Union(CommaList.Parse(_auth.ViewKeys), StringComparer.Ordinal).Count(k => k.Length < MinRecommendedKeyLength);
        if (shortKeys > 0)
        {
            AuthLog.ShortKeys(_logger, shortKeys, MinRecommendedKeyLength);
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        CheckBoundAddresses();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Judges the server's bound addresses; stops the gateway when one is non-loopback while a scope is open.</summary>
    /// <returns>Whether the gateway was told to stop.</returns>
    internal bool CheckBoundAddresses()
    {
        // TestServer reports no addresses: nothing listens on a network, which counts as loopback.
        var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var open = _keys.OpenScopes(_keys.Current);
        foreach (var address in addresses)
        {
            if (_bind.Observe(address) && open != AccessScope.None)
            {
                foreach (var (setting, access) in AuthServices.Describe(open))
                {
                    AuthLog.OpenOnNonLoopbackBind(_logger, setting, access, address);
                }

                Environment.ExitCode = ConfigurationErrorExitCode;
                _lifetime.StopApplication();
                return true;
            }
        }

        return false;
    }

    private static string Mode(AccessScope scope, KeyRing ring, AccessScope open)
        => (ring.UnkeyedScopes & scope) == 0 ? "keyed"
            : (open & scope) != 0 ? "open (loopback only)"
            : "closed (no keys, non-loopback bind)";
}
