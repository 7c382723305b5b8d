using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LiveDash.Gateway.Topics;

/// <summary>
/// Strong entity tags of snapshot bodies: a hash of the bytes, not the stream position, because a
/// metric's data moves with time (rates, windows) while its position stays. The same bytes give the
/// same tag on every gateway, so a client behind a load balancer revalidates anywhere.
/// </summary>
internal static class EntityTags
{
    /// <summary>The quoted tag of <paramref name="body"/>: the first 128 bits of its SHA-256, base64url.</summary>
    public static string Compute(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return "\"" + Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
    }

    /// <summary>
    /// Whether <c>If-None-Match</c> matches <paramref name="etag"/> (RFC 9110: weak comparison, <c>*</c>
    /// matches any current representation). A malformed header matches nothing.
    /// </summary>
    public static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || string.Equals(tag.Tag.Value, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
