using System.Buffers;

namespace LiveDash.Grains;

/// <summary>
/// The naming rule shared by metric names, board ids, board entry ids and tag keys:
/// 1–<see cref="MaxLength"/> characters of <c>[A-Za-z0-9._-]</c>.
/// </summary>
/// <remarks>
/// The character set is safe unescaped in URLs, file names, SQL keys and log lines, so a name
/// never needs quoting anywhere it travels. Checks run on every ingested point, so they use a
/// vectorised <see cref="SearchValues{T}"/> scan and never allocate.
/// </remarks>
public static class TopicNames
{
    /// <summary>The longest valid name, in characters.</summary>
    public const int MaxLength = 128;

    /// <summary>The characters a name may contain, for error messages.</summary>
    public const string AllowedCharactersDescription = "[A-Za-z0-9._-]";

    private static readonly SearchValues<char> s_nameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>Whether <paramref name="name"/> is 1–128 characters of <c>[A-Za-z0-9._-]</c>.</summary>
    /// <param name="name">The candidate metric name, board id or entry id.</param>
    /// <returns><see langword="true"/> when the name is valid; <see langword="false"/> for null, empty, too long or a disallowed character.</returns>
    public static bool IsValidName(string? name)
        => name is { Length: > 0 and <= MaxLength } && ContainsOnlyNameCharacters(name);

    /// <summary>Whether every character of <paramref name="value"/> is in <c>[A-Za-z0-9._-]</c> (true for empty input).</summary>
    internal static bool ContainsOnlyNameCharacters(ReadOnlySpan<char> value)
        => !value.ContainsAnyExcept(s_nameChars);
}
