using System.Globalization;
using System.Runtime;
using LiveDash.Bench.Cli;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Reporting;

namespace LiveDash.Bench;

/// <summary>Runs the benchmark scenarios named on the command line and prints the result table.</summary>
internal static class Program
{
    private const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"bench: {error}\n\n{BenchOptions.Usage}");
            return UsageError;
        }

        var registry = ScenarioRegistry.CreateDefault();
        if (options.ShowHelp || options.ListScenarios)
        {
            if (options.ShowHelp)
            {
                Console.WriteLine(BenchOptions.Usage);
                Console.WriteLine();
            }

            WriteScenarioList(Console.Out, registry);
            return 0;
        }

        IReadOnlyList<IBenchScenario> selected = registry.Scenarios;
        if (options.Scenario is { } name)
        {
            if (registry.Find(name) is not { } scenario)
            {
                await Console.Error.WriteLineAsync($"bench: unknown scenario '{name}'.");
                WriteScenarioList(Console.Error, registry);
                return UsageError;
            }

            selected = [scenario];
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var context = new BenchContext
        {
            Warmup = options.Quick ? TimeSpan.FromSeconds(1) : options.Warmup,
            Duration = options.Quick ? TimeSpan.FromSeconds(1) : options.Duration,
            CancellationToken = cancellation.Token,
            Log = Console.Error,
            Clients = options.Clients,
            Gateways = options.Gateways,
            Quick = options.Quick,
        };

        var results = new List<BenchResult>();
        try
        {
            foreach (var scenario in selected)
            {
                results.AddRange(await scenario.RunAsync(context));
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bench: cancelled.");
            return 130;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; " +
            $"warm-up {context.Warmup.TotalSeconds:0.###} s, timed {context.Duration.TotalSeconds:0.###} s per row"));
        Console.WriteLine();
        ResultTable.Write(Console.Out, results);
        Console.WriteLine();
        Console.WriteLine("ratio: time per operation relative to the baseline of the same scenario and params, this run (2.00 = half its throughput).");
        Console.WriteLine("B/op: bytes allocated by the whole process during the timed phase, per operation (fanout: the server process, per delivery).");
        return 0;
    }

    private static void WriteScenarioList(TextWriter output, ScenarioRegistry registry)
    {
        output.WriteLine("Scenarios:");
        foreach (var scenario in registry.Scenarios)
        {
            output.WriteLine($"  {scenario.Name,-12} {scenario.Description}");
        }
    }
}
