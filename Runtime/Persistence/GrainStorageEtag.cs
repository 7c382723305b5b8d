using System.Globalization;

namespace LiveDash.Runtime;

/// <summary>
/// The etag format shared by the version-numbered providers: the record's version as an invariant
/// decimal string. Versions start at 1 and only grow, so "no record" (null) never collides with one.
/// </summary>
internal static class GrainStorageEtag
{
    /// <summary>The version a record gets on its first write or clear.</summary>
    public const long FirstVersion = 1;

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an etag this provider family issued. Only the canonical form is accepted ("7", not
    /// "07" or " 7") so that string and numeric comparison of etags can never disagree between providers.
    /// </summary>
    public static bool TryParse(string? etag, out long version)
    {
        if (etag is not null
            && long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && version >= FirstVersion
            && string.Equals(Format(version), etag, StringComparison.Ordinal))
        {
            return true;
        }

        version = 0;
        return false;
    }
}
