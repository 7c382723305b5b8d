using Microsoft.Extensions.Configuration;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Whether the gateway listens on loopback only, which open access requires. Judged from the configured binds
/// when the services are built, and again from the addresses the server really bound once it started
/// (<see cref="AuthStartup"/>); once a non-loopback bind is seen it stays closed.
/// </summary>
internal sealed class BindState
{
    private volatile ConfiguredBind? _nonLoopback;

    /// <summary>Judges the binds <paramref name="configuration"/> asks for.</summary>
    public BindState(IConfiguration configuration)
        : this(BindAddresses.Configured(configuration))
    {
    }

    /// <summary>Judges <paramref name="binds"/> (tests).</summary>
    public BindState(IEnumerable<ConfiguredBind> binds)
    {
        foreach (var bind in binds)
        {
            if (!BindAddresses.IsLoopbackUrl(bind.Url))
            {
                _nonLoopback = bind;
                break;
            }
        }
    }

    /// <summary>Whether every bind seen so far is loopback. A server with no binds (TestServer) counts as loopback.</summary>
    public bool LoopbackOnly => _nonLoopback is null;

    /// <summary>The first non-loopback bind seen, for messages.</summary>
    public ConfiguredBind? NonLoopback => _nonLoopback;

    /// <summary>Records a bound address the server reported; returns whether it was non-loopback.</summary>
    public bool Observe(string address)
    {
        if (BindAddresses.IsLoopbackUrl(address))
        {
            return false;
        }

        _nonLoopback ??= new ConfiguredBind(address, "the server's bound addresses");
        return true;
    }
}
