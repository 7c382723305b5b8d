using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Auth;

/// <summary>
/// Issues tickets (<c>POST /api/v1/tickets</c>) and redeems them (the <c>ticket</c> query parameter of push
/// endpoints): signature (<see cref="TicketCodec"/>), time, scope, then single use.
/// </summary>
/// <remarks>
/// Single use is per gateway: each gateway remembers the nonces it redeemed, so a ticket replayed at a second
/// gateway within its lifetime (30 s) would pass there once. Making it cluster-wide would need a shared store on
/// the connection path; the short lifetime bounds the exposure instead, and the grant it gives is no more than its
/// key's, whose holder can ask for tickets anyway.
/// </remarks>
internal sealed class TicketService
{
    /// <summary>How far another gateway's clock may be ahead of ours and its tickets still be accepted.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(5);

    private readonly KeyRingProvider _keys;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedeemedTickets _redeemed;
    private int _fullLogged;

    public TicketService(KeyRingProvider keys, IOptions<AuthOptions> options, TimeProvider time, ILogger<TicketService> logger)
    {
        _keys = keys;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _redeemed = new RedeemedTickets(_options.MaxRedeemedTickets);
    }

    /// <summary>Tickets remembered as redeemed (tests).</summary>
    public int RedeemedCount => _redeemed.Count;

    /// <summary>Issues a ticket carrying <paramref name="scopes"/> for <paramref name="issuer"/> (null: open mode).</summary>
    public IssuedTicket Issue(ApiKey? issuer, AccessScope scopes)
    {
        var issuedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var expiresAt = issuedAt + (long)_options.TicketLifetime.TotalMilliseconds;
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        var text = TicketCodec.Encode(scopes, issuedAt, expiresAt, BinaryPrimitives.ReadUInt128BigEndian(nonce), issuer, _keys.Current.OpenTicketKey);
        return new IssuedTicket(text, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt));
    }

    /// <summary>Checks a ticket for <paramref name="required"/> and, when it grants it, consumes it.</summary>
    /// <param name="text">The ticket.</param>
    /// <param name="required">The scope the endpoint needs.</param>
    /// <param name="open">The scopes open to this request (they count as held).</param>
    /// <returns>The outcome; a ticket refused for any reason but reuse is not consumed.</returns>
    public TicketRedemption Redeem(ReadOnlySpan<char> text, AccessScope required, AccessScope open)
    {
        if (!TicketCodec.TryDecode(text, _keys.Current, out var ticket))
        {
            return TicketRedemption.Refused(TicketRedemptionStatus.Invalid);
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (ticket.ExpiresAtMs <= now)
        {
            return TicketRedemption.Refused(TicketRedemptionStatus.Expired);
        }

        // Even a correctly signed ticket may not claim more than this gateway's lifetime: it bounds how long its
        // nonce must be remembered.
        var skew = (long)MaxClockSkew.TotalMilliseconds;
        if (ticket.IssuedAtMs > now + skew
            || ticket.ExpiresAtMs <= ticket.IssuedAtMs
            || ticket.ExpiresAtMs - ticket.IssuedAtMs > (long)_options.TicketLifetime.TotalMilliseconds + skew)
        {
            return TicketRedemption.Refused(TicketRedemptionStatus.Invalid);
        }

        AccessScope scopes;
        if (ticket.Issuer is { } issuer)
        {
            // The key's current scopes, not those it had at issue: a key moved out of a list loses that scope.
            scopes = (ticket.Scopes & issuer.Scopes) | open;
            if (scopes == AccessScope.None || (scopes & required) != required)
            {
                return TicketRedemption.Refused(TicketRedemptionStatus.Forbidden);
            }
        }
        else
        {
            // An open-mode ticket holds nothing beyond what is open now.
            scopes = open;
            if (scopes == AccessScope.None || (scopes & required) != required)
            {
                return TicketRedemption.Refused(TicketRedemptionStatus.Invalid);
            }
        }

        switch (_redeemed.TryRedeem(ticket.Nonce, ticket.ExpiresAtMs, now, out var retryAfterMs))
        {
            case RedeemStatus.AlreadyUsed:
                return TicketRedemption.Refused(TicketRedemptionStatus.AlreadyUsed);
            case RedeemStatus.Full:
                if (Interlocked.Exchange(ref _fullLogged, 1) == 0)
                {
                    AuthLog.RedeemedTicketsFull(_logger, _options.MaxRedeemedTickets, AuthOptions.SectionName + ":" + nameof(AuthOptions.MaxRedeemedTickets));
                }

                return new TicketRedemption(TicketRedemptionStatus.Saturated, AccessScope.None, null, null, TimeSpan.FromMilliseconds(retryAfterMs));
            default:
                Volatile.Write(ref _fullLogged, 0);
                var sessionEnd = ticket.Issuer is null ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(ticket.IssuedAtMs) + _options.SessionLifetime;
                return new TicketRedemption(TicketRedemptionStatus.Granted, scopes, ticket.Issuer, sessionEnd, TimeSpan.Zero);
        }
    }
}
