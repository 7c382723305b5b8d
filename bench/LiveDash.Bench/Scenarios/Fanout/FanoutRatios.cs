using System.Globalization;
using LiveDash.Bench.Framework;

namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// The goal columns of <c>fanout</c>. At full delivery every target delivers N × 10 events/s, so
/// deliveries/s cannot tell them apart; what differs is what a delivery costs the server. Efficiency
/// is deliveries per server CPU-second, and the ratios compare it within one client count of one run:
/// <c>x raw</c> = raw-sse CPU µs/dlv ÷ this row's (goal for the gateway: ≥ 0.8), <c>x signalr</c> =
/// signalr's ÷ this row's (goal: ≥ 1.5). Both are higher-is-better.
/// </summary>
internal static class FanoutRatios
{
    public static IEnumerable<BenchResult> Add(IReadOnlyList<(BenchResult Row, double CpuPerDelivery)> group)
    {
        var raw = group.FirstOrDefault(m => m.Row.Variant == "raw-sse").CpuPerDelivery;
        var signalR = group.FirstOrDefault(m => m.Row.Variant == "signalr").CpuPerDelivery;
        return group.Select(m => m.Row with
        {
            Extras =
            [
                .. m.Row.Extras,
                new BenchColumn("x raw", Ratio(raw, m.CpuPerDelivery)),
                new BenchColumn("x signalr", Ratio(signalR, m.CpuPerDelivery)),
            ],
        });
    }

    private static string Ratio(double reference, double value) =>
        double.IsNaN(reference) || double.IsNaN(value) || value <= 0 || reference == 0
            ? "-"
            : (reference / value).ToString("0.00", CultureInfo.InvariantCulture);
}
