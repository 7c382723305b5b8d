namespace LiveDash.Gateway.Auth;

/// <summary>
/// The nonces of tickets redeemed on this gateway, each kept until its ticket expires (after which the ticket is
/// refused as expired anyway), at most <see cref="AuthOptions.MaxRedeemedTickets"/>. Thread-safe; one lock, taken
/// once per push connection opened with a ticket.
/// </summary>
internal sealed class RedeemedTickets
{
    private readonly object _gate = new();
    private readonly HashSet<UInt128> _nonces = [];
    private readonly PriorityQueue<UInt128, long> _byExpiry = new();
    private readonly int _capacity;

    /// <summary>Remembers at most <paramref name="capacity"/> nonces.</summary>
    public RedeemedTickets(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Nonces remembered now (expired ones are dropped lazily, on the next redemption).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _nonces.Count;
            }
        }
    }

    /// <summary>Records the redemption of <paramref name="nonce"/>, whose ticket expires at <paramref name="expiresAtMs"/>.</summary>
    /// <param name="nonce">The ticket's nonce.</param>
    /// <param name="expiresAtMs">When it expires (Unix ms).</param>
    /// <param name="nowMs">Now (Unix ms).</param>
    /// <param name="retryAfterMs">When full: how long until the oldest entry expires.</param>
    /// <returns>Whether this is the first use, a reuse, or the set is full.</returns>
    public RedeemStatus TryRedeem(UInt128 nonce, long expiresAtMs, long nowMs, out long retryAfterMs)
    {
        retryAfterMs = 0;
        lock (_gate)
        {
            while (_byExpiry.TryPeek(out var oldest, out var expiry) && expiry <= nowMs)
            {
                _byExpiry.Dequeue();
                _nonces.Remove(oldest);
            }

            if (_nonces.Contains(nonce))
            {
                return RedeemStatus.AlreadyUsed;
            }

            if (_nonces.Count >= _capacity)
            {
                // Refusing is the safe outcome: forgetting an unexpired nonce would let its ticket be replayed.
                _byExpiry.TryPeek(out _, out var firstExpiry);
                retryAfterMs = Math.Max(1, firstExpiry - nowMs);
                return RedeemStatus.Full;
            }

            _nonces.Add(nonce);
            _byExpiry.Enqueue(nonce, expiresAtMs);
            return RedeemStatus.Redeemed;
        }
    }
}
