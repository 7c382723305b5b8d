using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LiveDash.Gateway.Hosting;

/// <summary>
/// How many connections Kestrel accepts at once. Every connection holds a file descriptor, and a process
/// that runs out of them does not fail one accept: the runtime's next eventfd, socket or file fails too, and
/// the benchmark saw the gateway exit ("Out of memory.") at 19,753 idle SSE connections under a 20,000-file
/// limit. So unless <c>LiveDash:Gateway:MaxConnections</c> says otherwise, the cap is the process's open-file
/// soft limit minus <see cref="ReservedFileDescriptors"/> (silo connections, the database, logs, assemblies):
/// past it Kestrel closes new connections at once, and clients retry with backoff, instead of the process dying.
/// </summary>
internal static class ConnectionCapacity
{
    /// <summary>The setting that overrides the derived cap (a positive number of connections).</summary>
    public const string SettingKey = "LiveDash:Gateway:MaxConnections";

    /// <summary>Descriptors kept for everything that is not a client connection.</summary>
    public const long ReservedFileDescriptors = 1_024;

    private const string LimitsFile = "/proc/self/limits";

    /// <summary>The cap and where it came from; no cap when neither the setting nor the limit is known.</summary>
    /// <param name="configuration">The gateway's configuration.</param>
    /// <param name="readLimits">Reads <c>/proc/self/limits</c>; null where there is none (not Linux).</param>
    /// <returns>The cap, or null for Kestrel's default (no cap).</returns>
    /// <exception cref="InvalidOperationException">The setting is not a positive whole number.</exception>
    public static long? Resolve(IConfiguration configuration, Func<string?>? readLimits = null)
    {
        var configured = configuration[SettingKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new InvalidOperationException($"{SettingKey} is '{configured}': it must be a positive number of connections (leave it unset to derive it from the open-file limit).");
            }

            return value;
        }

        var limit = OpenFilesSoftLimit((readLimits ?? ReadLimitsFile)());
        return limit is { } files && files > ReservedFileDescriptors * 2 ? files - ReservedFileDescriptors : null;
    }

    /// <summary>The soft "Max open files" of a <c>/proc/&lt;pid&gt;/limits</c> text; null when absent or unlimited.</summary>
    /// <param name="limits">The file's text.</param>
    /// <returns>The limit, or null.</returns>
    public static long? OpenFilesSoftLimit(string? limits)
    {
        if (limits is null)
        {
            return null;
        }

        foreach (var line in limits.Split('\n'))
        {
            // "Max open files            20000                20000                files"
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }

        return null;
    }

    private static string? ReadLimitsFile()
    {
        try
        {
            return File.Exists(LimitsFile) ? File.ReadAllText(LimitsFile) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
