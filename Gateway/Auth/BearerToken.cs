using Microsoft.Extensions.Primitives;

namespace LiveDash.Gateway.Auth;

/// <summary>Reads <c>Authorization: Bearer &lt;key&gt;</c> (RFC 6750 §2.1: the scheme is case-insensitive).</summary>
internal static class BearerToken
{
    /// <summary>The longest token read; a longer one cannot be a configured key.</summary>
    public const int MaxLength = AuthOptionsValidator.MaxKeyLength;

    /// <summary>Reads the token of <paramref name="authorization"/>.</summary>
    /// <param name="authorization">The request's <c>Authorization</c> header values.</param>
    /// <param name="token">The token, when the result is <see cref="BearerTokenStatus.Present"/>.</param>
    /// <returns>Whether a token was found, absent, or malformed (and how).</returns>
    public static BearerTokenStatus TryRead(StringValues authorization, out string token)
    {
        token = "";
        if (authorization.Count == 0)
        {
            return BearerTokenStatus.Absent;
        }

        if (authorization.Count > 1)
        {
            return BearerTokenStatus.Malformed;
        }

        var value = (authorization[0] ?? "").AsSpan().Trim();
        if (value.IsEmpty)
        {
            return BearerTokenStatus.Absent;
        }

        const string scheme = "Bearer";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return BearerTokenStatus.OtherScheme;
        }

        var rest = value[scheme.Length..];
        if (rest.IsEmpty)
        {
            return BearerTokenStatus.Malformed;
        }

        if (rest[0] != ' ' && rest[0] != '\t')
        {
            // "BearerX" is another scheme's name, not a bearer token without a space.
            return BearerTokenStatus.OtherScheme;
        }

        var candidate = rest.Trim();
        if (candidate.IsEmpty || candidate.Length > MaxLength || candidate.ContainsAny(' ', '\t'))
        {
            return BearerTokenStatus.Malformed;
        }

        token = candidate.ToString();
        return BearerTokenStatus.Present;
    }
}
