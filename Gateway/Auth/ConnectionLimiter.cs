using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Caps open push connections per client address (<see cref="ConnectionLimitOptions.MaxPerIp"/>): each transport
/// takes a <see cref="ConnectionLease"/> when a connection opens and disposes it when it closes. Lock-free and
/// thread-safe; an address's counter is removed when its last lease is disposed, so memory follows open connections.
/// </summary>
/// <remarks>
/// IPv4-mapped IPv6 addresses count as their IPv4 address; other IPv6 addresses count per /64 prefix (one host
/// may use any address of its /64). A request with no remote address (TestServer, a Unix socket) and, by default,
/// loopback clients are not limited.
/// </remarks>
public sealed class ConnectionLimiter
{
    /// <summary>The <c>Retry-After</c> of a refusal: a closed connection frees a slot at once, so a short wait suffices.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private const string Option = ConnectionLimitOptions.SectionName + ":" + nameof(ConnectionLimitOptions.MaxPerIp);

    private readonly ConcurrentDictionary<IPAddress, int> _counts = new();
    private readonly int _max;
    private readonly bool _exemptLoopback;
    private readonly ILogger _logger;

    /// <summary>Reads <see cref="ConnectionLimitOptions"/>.</summary>
    public ConnectionLimiter(IOptions<ConnectionLimitOptions> options, ILogger<ConnectionLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _max = options.Value.MaxPerIp;
        _exemptLoopback = options.Value.ExemptLoopback;
        _logger = logger;
    }

    /// <summary>Client addresses (or /64 prefixes) holding at least one lease.</summary>
    public int TrackedAddressCount => _counts.Count;

    /// <summary>Takes a connection slot for <paramref name="address"/>.</summary>
    /// <param name="address">The client's address (<c>HttpContext.Connection.RemoteIpAddress</c>).</param>
    /// <param name="lease">The slot, to dispose when the connection closes (disposing twice is harmless).</param>
    /// <returns><see langword="false"/> when the address holds <see cref="ConnectionLimitOptions.MaxPerIp"/> connections already.</returns>
    public bool TryAcquire(IPAddress? address, [NotNullWhen(true)] out ConnectionLease? lease)
    {
        if (address is null || (_exemptLoopback && BindAddresses.IsLoopback(address)))
        {
            lease = ConnectionLease.Unlimited;
            return true;
        }

        var key = Key(address);
        while (true)
        {
            if (_counts.TryGetValue(key, out var count))
            {
                if (count >= _max)
                {
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var text = key.ToString();
                        AuthLog.ConnectionCapReached(_logger, text, _max, Option);
                    }

                    lease = null;
                    return false;
                }

                if (_counts.TryUpdate(key, count + 1, count))
                {
                    break;
                }
            }
            else if (_counts.TryAdd(key, 1))
            {
                break;
            }
        }

        lease = new ConnectionLease(this, key);
        return true;
    }

    /// <summary>Open connections counted for <paramref name="address"/> (tests, diagnostics).</summary>
    public int CountFor(IPAddress address) => _counts.TryGetValue(Key(address), out var count) ? count : 0;

    /// <summary>The answer to a refused connection: <c>429</c> problem+json with <c>Retry-After</c>.</summary>
    /// <param name="context">The request that was refused.</param>
    /// <returns>The problem to write.</returns>
    public IResult Refuse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Problems.TooManyRequests($"This client address holds the maximum of {_max} open push connections ({Option}); close one or retry later.");
    }

    /// <summary>Gives back one slot of <paramref name="key"/>; called once per lease.</summary>
    internal void Release(IPAddress key)
    {
        while (true)
        {
            if (!_counts.TryGetValue(key, out var count))
            {
                return;
            }

            // Removing only the exact (key, 1) pair keeps a concurrent acquire's increment from being lost.
            if (count <= 1 ? _counts.TryRemove(KeyValuePair.Create(key, count)) : _counts.TryUpdate(key, count - 1, count))
            {
                return;
            }
        }
    }

    private static IPAddress Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
