using System.Net;

namespace LiveDash.Gateway.Auth;

/// <summary>One push connection's slot in <see cref="ConnectionLimiter"/>; disposing it gives the slot back, once.</summary>
public sealed class ConnectionLease : IDisposable
{
    /// <summary>The lease of a connection that is not limited (no remote address, or an exempt loopback client).</summary>
    internal static readonly ConnectionLease Unlimited = new(null, null);

    private readonly ConnectionLimiter? _limiter;
    private readonly IPAddress? _key;
    private int _disposed;

    internal ConnectionLease(ConnectionLimiter? limiter, IPAddress? key)
    {
        _limiter = limiter;
        _key = key;
    }

    /// <summary>Gives the slot back; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _key is not null)
        {
            _limiter?.Release(_key);
        }
    }
}
