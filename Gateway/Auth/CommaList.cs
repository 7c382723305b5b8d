using Microsoft.Extensions.Configuration;

namespace LiveDash.Gateway.Auth;

/// <summary>The comma-separated lists of <see cref="AuthOptions"/>: entries trimmed, empty entries ignored, duplicates dropped.</summary>
internal static class CommaList
{
    /// <summary>Splits <paramref name="value"/>.</summary>
    public static IReadOnlyList<string> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var entries = new List<string>();
        foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entries.Contains(entry, StringComparer.Ordinal))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>
    /// Reads a list setting as one comma-separated string, whether it was written as a string
    /// (<c>LiveDash__Auth__IngestKeys=a,b</c>) or as a JSON array (<c>"IngestKeys": ["a", "b"]</c>). The options
    /// binder sees only the first form; reading both keeps an array from silently meaning "no keys".
    /// </summary>
    public static string Read(IConfigurationSection section)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            parts.Add(section.Value);
        }

        foreach (var child in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                parts.Add(child.Value);
            }
        }

        return string.Join(',', parts);
    }
}
