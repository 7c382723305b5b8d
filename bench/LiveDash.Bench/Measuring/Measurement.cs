using System.Globalization;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Measuring;

/// <summary>What one timed phase of a <see cref="ThroughputMeter"/> observed.</summary>
/// <param name="Operations">Operations completed during the timed phase, over all workers.</param>
/// <param name="Elapsed">Length of the timed phase as measured.</param>
/// <param name="AllocatedBytes">Bytes the whole process allocated during the timed phase.</param>
/// <param name="Latency">Per-operation latency over all workers.</param>
/// <param name="ProcessorTime">CPU time the whole process used during the timed phase, on all threads.</param>
internal sealed record Measurement(long Operations, TimeSpan Elapsed, long AllocatedBytes, LatencyHistogram Latency, TimeSpan ProcessorTime)
{
    public double OperationsPerSecond => Operations / Elapsed.TotalSeconds;

    public double AllocatedBytesPerOperation => Operations == 0 ? double.NaN : (double)AllocatedBytes / Operations;

    public double ProcessorMicrosecondsPerOperation => Operations == 0 ? double.NaN : ProcessorTime.TotalMicroseconds / Operations;

    /// <summary>A table row with p50 and p99 latency columns.</summary>
    public BenchResult ToResult(string scenario, string variant, string parameters, bool isBaseline) => new(
        scenario,
        variant,
        parameters,
        isBaseline,
        OperationsPerSecond,
        AllocatedBytesPerOperation,
        [
            new BenchColumn("p50 µs", FormatMicroseconds(Latency.PercentileMicroseconds(0.50))),
            new BenchColumn("p99 µs", FormatMicroseconds(Latency.PercentileMicroseconds(0.99))),
        ]);

    private static string FormatMicroseconds(double value) =>
        value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
