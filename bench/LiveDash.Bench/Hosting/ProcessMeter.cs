using System.Globalization;

namespace LiveDash.Bench.Hosting;

/// <summary>
/// Reads another process's CPU time and resident memory from procfs, so every push target is
/// measured the same way whether or not it serves <c>/stats</c>.
/// </summary>
internal static class ProcessMeter
{
    // utime and stime in /proc/pid/stat are in clock ticks: USER_HZ, 100 on Linux.
    private const double ClockTicksPerSecond = 100;

    /// <summary>User plus system CPU time of <paramref name="processId"/>; zero when procfs is not there.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        var path = $"/proc/{processId}/stat";
        if (!File.Exists(path))
        {
            return TimeSpan.Zero;
        }

        // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary><c>VmRSS</c> of <paramref name="processId"/> in bytes; -1 when unknown.</summary>
    public static long ResidentBytes(int processId)
    {
        var path = $"/proc/{processId}/status";
        if (!File.Exists(path))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
