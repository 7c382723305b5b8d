using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using LiveDash.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// The write endpoints' rate limit (ASP.NET Core rate limiting): one token bucket per key, where the key
/// is a hash of the bearer token when there is one, else the client's address. A bucket holds
/// <see cref="IngestOptions.BurstRequestsPerKey"/> tokens and gains <see cref="IngestOptions.RequestsPerSecondPerKey"/>
/// every second; a request takes one or is answered 429 with <c>Retry-After</c> (nothing queues).
/// </summary>
/// <remarks>
/// The key is read before the credentials are checked (the limiter runs first, so a flood costs no
/// key lookups); a client inventing tokens gets a bucket per token, but each of its requests is then
/// answered 401 by the endpoint once keys are configured.
/// </remarks>
internal sealed class IngestRateLimiterPolicy : IRateLimiterPolicy<string>
{
    /// <summary>The policy name the write endpoints require.</summary>
    public const string PolicyName = "livedash-ingest";

    private readonly IngestOptions _options;
    private readonly ILogger _logger;

    public IngestRateLimiterPolicy(IOptions<IngestOptions> options, ILogger<IngestRateLimiterPolicy> logger)
    {
        _options = options.Value;
        _logger = logger;
        OnRejected = RejectAsync;
    }

    /// <inheritdoc />
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; }

    /// <inheritdoc />
    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (_options.RequestsPerSecondPerKey == 0)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(httpContext), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.BurstRequestsPerKey,
            TokensPerPeriod = _options.RequestsPerSecondPerKey,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// <c>key:</c> and the first 128 bits of the bearer token's SHA-256 (the token itself is never kept),
    /// else <c>ip:</c> and the remote address.
    /// </summary>
    internal static string PartitionKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header.AsSpan(7).Trim();
            if (!token.IsEmpty)
            {
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                var maxBytes = Encoding.UTF8.GetMaxByteCount(token.Length);
                var utf8 = maxBytes <= 512 ? stackalloc byte[512] : new byte[maxBytes];
                SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], hash);
                return "key:" + Convert.ToHexStringLower(hash[..16]);
            }
        }

        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var partition = PartitionKey(http);
            IngestLog.RateLimited(_logger, partition, seconds);
        }

        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.TooManyRequests(
            $"This key made more than {_options.RequestsPerSecondPerKey} write requests per second (bursts up to {_options.BurstRequestsPerKey}; "
            + $"{IngestOptions.SectionName}:RequestsPerSecondPerKey). Retry after {seconds} s, or send larger batches.")
            .ExecuteAsync(http);
    }
}
