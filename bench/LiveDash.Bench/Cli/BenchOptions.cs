using System.Globalization;

namespace LiveDash.Bench.Cli;

/// <summary>The command line of the bench program: <c>[scenario | list] [--duration s] [--warmup s] [--clients n,…] [--gateways n] [--quick] [--help]</c>.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: ./livedash bench [scenario | list] [--duration <seconds>] [--warmup <seconds>] [--clients <n,...>] [--gateways <n>] [--quick]

          scenario            run only this scenario (default: all)
          list                list the scenarios and exit
          --duration <s>      timed phase of each measurement (default 3)
          --warmup <s>        untimed warm-up before each measurement (default 1)
          --clients <n,...>   fanout: client counts (default 1000,5000,10000);
                              connections, storm: the largest is used (default 10000)
          --gateways <n>      connections: instead of its rows, hold --clients idle SSE clients
                              (default 100000) on n gateway processes of one cluster (see BENCHMARKS.md)
          --quick             smoke run: 1 s phases (fanout, connections, storm: 200 clients)
          -h, --help          show this help and the scenarios
        """;

    private const double MaxSeconds = 3600;

    /// <summary>The scenario to run; null runs them all.</summary>
    public string? Scenario { get; private set; }

    public bool ShowHelp { get; private set; }

    public bool ListScenarios { get; private set; }

    /// <summary>Timed phase of each measurement. Default 3 s.</summary>
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>Untimed warm-up before each measurement. Default 1 s.</summary>
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>Client counts from <c>--clients</c>; null when not given.</summary>
    public IReadOnlyList<int>? Clients { get; private set; }

    /// <summary>Gateway processes from <c>--gateways</c>; null when not given.</summary>
    public int? Gateways { get; private set; }

    /// <summary><c>--quick</c>: short phases (and few clients), to check the scenarios run.</summary>
    public bool Quick { get; private set; }

    /// <summary>Parses <paramref name="args"/>; on a usage error returns null and sets <paramref name="error"/>.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new BenchOptions();
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var (name, inlineValue) = SplitInlineValue(args[i]);
            switch (name)
            {
                case "-h" or "--help":
                    options.ShowHelp = true;
                    break;
                case "--duration":
                    options.Duration = ParseSeconds(name, inlineValue ?? NextValue(args, ref i), allowZero: false, ref error);
                    break;
                case "--warmup":
                    options.Warmup = ParseSeconds(name, inlineValue ?? NextValue(args, ref i), allowZero: true, ref error);
                    break;
                case "--clients":
                    options.Clients = ParseCounts(inlineValue ?? NextValue(args, ref i), ref error);
                    break;
                case "--gateways":
                    options.Gateways = ParseGateways(inlineValue ?? NextValue(args, ref i), ref error);
                    break;
                case "--quick":
                    options.Quick = true;
                    break;
                case "list":
                    options.ListScenarios = true;
                    break;
                case var flag when flag.StartsWith('-'):
                    error = $"unknown option '{flag}'.";
                    break;
                case var scenario when options.Scenario is null:
                    options.Scenario = scenario;
                    break;
                default:
                    error = $"only one scenario can be named (got '{options.Scenario}' and '{name}').";
                    break;
            }
        }

        return error is null ? options : null;
    }

    private static (string Name, string? Value) SplitInlineValue(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static string? NextValue(IReadOnlyList<string> args, ref int i) => i + 1 < args.Count ? args[++i] : null;

    private static int[]? ParseCounts(string? value, ref string? error)
    {
        var counts = value?.Split(',').Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
        if (counts is null || counts.Length == 0 || counts.Any(n => n is < 1 or > 1_000_000))
        {
            error = $"--clients {value}: expected client counts from 1 to 1000000, comma-separated (e.g. 1000,5000).";
            return null;
        }

        return counts;
    }

    private static int? ParseGateways(string? value, ref string? error)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var gateways) || gateways is < 1 or > 60)
        {
            error = $"--gateways {value}: expected a number of gateway processes from 1 to 60.";
            return null;
        }

        return gateways;
    }

    private static TimeSpan ParseSeconds(string option, string? value, bool allowZero, ref string? error)
    {
        if (value is null)
        {
            error = $"{option} needs a value in seconds.";
            return TimeSpan.Zero;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || (seconds == 0 && !allowZero) || seconds > MaxSeconds)
        {
            error = $"{option} {value}: expected a number of seconds, {(allowZero ? "0" : "above 0")} to {MaxSeconds}.";
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
