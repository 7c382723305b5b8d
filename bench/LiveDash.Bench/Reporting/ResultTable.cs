using System.Globalization;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Reporting;

/// <summary>
/// Prints results as an aligned text table. <c>ratio</c> is time per operation relative to the
/// baseline row of the same scenario and parameters in the same run (BenchmarkDotNet's convention:
/// 2.00 = half the baseline's throughput).
/// </summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<BenchResult> results)
    {
        var extraHeaders = results.SelectMany(r => r.Extras).Select(c => c.Header).Distinct().ToList();
        string[] headers = ["scenario", "variant", "params", "ops/s", "B/op", "ratio", .. extraHeaders];

        // Text columns are left-aligned, numbers right-aligned.
        const int TextColumns = 3;

        var rows = new List<string[]> { headers };
        foreach (var result in results)
        {
            string[] row =
            [
                result.Scenario,
                result.Variant,
                result.Parameters,
                double.IsNaN(result.OperationsPerSecond) ? "-" : result.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                FormatBytes(result.AllocatedBytesPerOperation),
                FormatRatio(result, results),
                .. extraHeaders.Select(h => result.Extras.FirstOrDefault(c => c.Header == h)?.Value ?? "-"),
            ];
            rows.Add(row);
        }

        var widths = Enumerable.Range(0, headers.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => i < TextColumns ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string FormatRatio(BenchResult result, IReadOnlyList<BenchResult> results)
    {
        if (result.IsBaseline)
        {
            return "baseline";
        }

        var baseline = results.FirstOrDefault(r => r.IsBaseline && r.Scenario == result.Scenario && r.Parameters == result.Parameters);
        return baseline is null || double.IsNaN(baseline.OperationsPerSecond) || double.IsNaN(result.OperationsPerSecond)
            ? "-"
            : (baseline.OperationsPerSecond / result.OperationsPerSecond).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static string FormatBytes(double bytesPerOperation) =>
        double.IsNaN(bytesPerOperation) ? "-" : bytesPerOperation.ToString(bytesPerOperation < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture);
}
