using System.Globalization;
using LiveDash.Bench.Framework;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>
/// Request/response round trips: a caller sends an int and awaits <c>argument + 1</c>. Closed loop:
/// each of N callers awaits its call before making the next, N = 1 (pure latency) and 64 (a busy callee).
/// </summary>
internal sealed class CallsScenario : IBenchScenario
{
    private static readonly int[] s_callerCounts = [1, 64];

    private readonly IReadOnlyList<ICallVariant> _variants;

    public CallsScenario(IReadOnlyList<ICallVariant> variants)
    {
        if (variants.Count(v => v.IsBaseline) != 1)
        {
            throw new ArgumentException("The calls scenario needs exactly one baseline variant.", nameof(variants));
        }

        _variants = variants;
    }

    public string Name => "calls";

    public string Description => "request/response round trip (arg -> arg+1), 1 and 64 closed-loop callers";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context)
    {
        var results = new List<BenchResult>();

        // Variants alternate within each caller count, so a baseline and the variants compared
        // with it are measured close together in time on a shared, noisy machine.
        foreach (var callers in s_callerCounts)
        {
            var parameters = string.Create(CultureInfo.InvariantCulture, $"callers={callers}");
            foreach (var variant in _variants)
            {
                context.Log.WriteLine($"{Name}: {variant.Name}, {parameters}");
                var target = await variant.StartAsync(context.CancellationToken);
                await using (target)
                {
                    var measurement = await ThroughputMeter.MeasureAsync(context, callers, worker => CallLoopAsync(target, worker));
                    results.Add(measurement.ToResult(Name, variant.Name, parameters, variant.IsBaseline));
                }
            }
        }

        return results;
    }

    private static async Task CallLoopAsync(ICallTarget target, BenchWorker worker)
    {
        var argument = 0;
        while (worker.IsRunning)
        {
            var started = worker.BeginOperation();
            var result = await target.CallAsync(argument);
            worker.EndOperation(started);

            if (result != argument + 1)
            {
                throw new InvalidOperationException($"Call with {argument} returned {result}, expected {argument + 1}.");
            }

            argument = result;
        }
    }
}
