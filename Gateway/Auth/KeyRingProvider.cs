using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// The current <see cref="KeyRing"/>, rebuilt when the configuration reloads with different keys or ticket
/// secret (key rotation without a restart). A reload that fails validation is logged and ignored: the previous
/// keys stay in force, so a typo in a reloaded file never opens or locks the gateway.
/// </summary>
internal sealed class KeyRingProvider : IDisposable
{
    private readonly IConfiguration? _configuration;
    private readonly BindState _bind;
    private readonly ILogger _logger;
    private readonly IDisposable? _reloadRegistration;
    private readonly object _reloadGate = new();
    private volatile KeyRing _current;
    private string _signature;

    /// <summary>Starts with the keys of <paramref name="options"/>; follows <paramref name="configuration"/>'s reloads when given.</summary>
    public KeyRingProvider(AuthOptions options, IConfiguration? configuration, BindState bind, ILogger<KeyRingProvider> logger)
    {
        _configuration = configuration;
        _bind = bind;
        _logger = logger;
        _current = KeyRing.Create(options);
        _signature = Signature(options);
        if (configuration is not null)
        {
            _reloadRegistration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        }
    }

    /// <summary>Raised after a new ring is in force (on the thread that reloaded the configuration).</summary>
    public event Action<KeyRing>? Changed;

    /// <summary>The keys in force.</summary>
    public KeyRing Current => _current;

    /// <summary>
    /// The scopes anyone may use without a key: those whose list is empty, while every bind is loopback. Callers
    /// also require the request itself to be local (<see cref="RequestAuthorizer"/>).
    /// </summary>
    public AccessScope OpenScopes(KeyRing ring) => _bind.LoopbackOnly ? ring.UnkeyedScopes : AccessScope.None;

    /// <summary>Re-reads the keys from the configuration (called on every configuration reload).</summary>
    public void Reload()
    {
        if (_configuration is null)
        {
            return;
        }

        var options = new AuthOptions();
        AuthServices.BindAuthOptions(options, _configuration);
        KeyRing ring;
        lock (_reloadGate)
        {
            var signature = Signature(options);
            if (signature == _signature)
            {
                return;
            }

            var result = new AuthOptionsValidator().Validate(name: null, options);
            if (result.Failed)
            {
                AuthLog.KeysReloadRejected(_logger, result.FailureMessage);
                return;
            }

            ring = KeyRing.Create(options);
            _signature = signature;
            _current = ring;
        }

        AuthLog.KeysReloaded(_logger, ring.IngestKeyCount, ring.ViewKeyCount);
        if (!_bind.LoopbackOnly && ring.UnkeyedScopes != AccessScope.None)
        {
            var address = _bind.NonLoopback?.Url ?? "(unknown)";
            foreach (var (setting, access) in AuthServices.Describe(ring.UnkeyedScopes))
            {
                AuthLog.ScopeClosed(_logger, setting, access, address);
            }
        }

        Changed?.Invoke(ring);
    }

    /// <inheritdoc />
    public void Dispose() => _reloadRegistration?.Dispose();

    // What the ring is built from, so that reloads of unrelated settings keep the ring (and its watchers) as is.
    // Kept as a hash: the provider holds no key text of its own.
    private static string Signature(AuthOptions options)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            string.Join(',', CommaList.Parse(options.IngestKeys)), string.Join(',', CommaList.Parse(options.ViewKeys)), options.TicketSecret ?? ""))));
}
