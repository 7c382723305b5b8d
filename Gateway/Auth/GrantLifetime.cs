using System.Collections.Concurrent;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Tells long-lived push connections when their credentials end (CONTRACT.md: "a ticket's credentials expiring
/// mid-connection closes it with code 4001"): at the grant's <see cref="AccessGrant.ExpiresAt"/>, or as soon as a
/// configuration reload removes its key (or takes away a scope it holds). Transports watch their grant for the
/// connection's life and close with <c>DisconnectCode.Reauthenticate</c> when <see cref="GrantWatch.Expired"/> fires.
/// </summary>
/// <example>
/// <code>
/// using var watch = grantLifetime.Watch(grant);
/// using var linked = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted, watch.Expired);
/// // ... on linked cancellation: if (watch.Expired.IsCancellationRequested) close with 4001 reauthenticate.
/// </code>
/// </example>
public sealed class GrantLifetime
{
    private readonly KeyRingProvider _keys;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<GrantWatch, byte> _watches = new();

    internal GrantLifetime(KeyRingProvider keys, TimeProvider time)
    {
        _keys = keys;
        _time = time;
        keys.Changed += OnKeysChanged;
    }

    /// <summary>Watches currently open (tests, diagnostics).</summary>
    public int ActiveWatchCount => _watches.Count;

    /// <summary>Starts watching <paramref name="grant"/>; dispose the watch when the connection closes.</summary>
    /// <param name="grant">The connection's grant.</param>
    /// <returns>A watch whose <see cref="GrantWatch.Expired"/> fires when the credentials end (at once if they already have).</returns>
    public GrantWatch Watch(AccessGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var ring = _keys.Current;
        var watch = new GrantWatch(this, grant, ring.FindByFingerprintHex(grant.PartitionKey) is not null, grant.ExpiresAt, _time);
        _watches.TryAdd(watch, 0);
        if (!StillHeld(watch, ring))
        {
            watch.Expire();
        }

        return watch;
    }

    internal void Forget(GrantWatch watch) => _watches.TryRemove(watch, out _);

    private void OnKeysChanged(KeyRing ring)
    {
        foreach (var watch in _watches.Keys)
        {
            if (!StillHeld(watch, ring))
            {
                watch.Expire();
            }
        }
    }

    // The grant's scopes must still be held: by its key, if it came from one, plus whatever is open now.
    private bool StillHeld(GrantWatch watch, KeyRing ring)
    {
        var held = _keys.OpenScopes(ring);
        if (watch.FromKey)
        {
            held |= ring.FindByFingerprintHex(watch.Grant.PartitionKey)?.Scopes ?? AccessScope.None;
        }

        return (watch.Grant.Scopes & held) == watch.Grant.Scopes;
    }
}
