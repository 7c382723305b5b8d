using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiveDash.Gateway.Ingest;
using Xunit;
using Xunit.Abstractions;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>
/// Pins what a parsed point costs when a batch repeats its series (the usual shape: a few hosts, many
/// samples): the sample object and its slot in the point list, with names, tag dictionaries and
/// series keys allocated once per batch, not per point.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class IngestParserAllocationTests
{
    private const int Points = 10_000;

    // MetricSample (40 B) + MetricPoint slot in the growing list (~2 × 24 B amortised) and slack.
    private const double MaxBytesPerPoint = 160;

    private readonly ITestOutputHelper _output;

    public IngestParserAllocationTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void LineProtocol_RepeatedSeries_AllocatesOnlyThePoints()
    {
        var body = new StringBuilder();
        for (var i = 0; i < Points; i++)
        {
            body.Append("cpu.load,host=host-").Append(i % 4).Append(",region=eu-west value=").Append(((i % 100) / 10.0).ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append((NowMs - (i % 1000)) * 1_000_000).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        Measure("line protocol", bytes.Length, () => Assert.Equal(Points, LineProtocolParser.Parse(bytes, Settings(), null).Batch!.Points.Count));
    }

    [Fact]
    public void Json_RepeatedSeries_AllocatesOnlyThePoints()
    {
        var body = new StringBuilder("{\"points\":[");
        for (var i = 0; i < Points; i++)
        {
            body.Append(i == 0 ? "" : ",").Append("{\"metric\":\"cpu.load\",\"value\":").Append(((i % 100) / 10.0).ToString(CultureInfo.InvariantCulture))
                .Append(",\"ts\":").Append(NowMs - (i % 1000)).Append(",\"tags\":{\"host\":\"host-").Append(i % 4).Append("\",\"region\":\"eu-west\"}}");
        }

        var bytes = Encoding.UTF8.GetBytes(body.Append("]}").ToString());
        Measure("JSON", bytes.Length, () => Assert.Equal(Points, JsonMetricBatchParser.Parse(bytes, Settings()).Batch!.Points.Count));
    }

    private void Measure(string format, int bodyBytes, Action parse)
    {
        // Tier-0 code boxes in some generic span helpers (the validator's IndexOfAnyInRange<char>), so
        // warm up until the JIT has optimised the path, for at most 45 seconds: after a full suite the
        // background compiler can take well over 15 s to get to these methods on a busy 2-core machine.
        var warmUp = Stopwatch.StartNew();
        double perPoint;
        do
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            parse();
            perPoint = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Points;
        }
        while (perPoint > MaxBytesPerPoint && warmUp.Elapsed < TimeSpan.FromSeconds(45));

        var watch = Stopwatch.StartNew();
        const int Rounds = 20;
        for (var i = 0; i < Rounds; i++)
        {
            parse();
        }

        var seconds = watch.Elapsed.TotalSeconds / Rounds;
        _output.WriteLine($"{format}: {perPoint:F1} B/point, {Points / seconds / 1e6:F2} M points/s, {bodyBytes / seconds / 1e6:F0} MB/s ({bodyBytes / Points} B/point of body)");
        Assert.True(perPoint <= MaxBytesPerPoint, $"{format} allocated {perPoint:F1} bytes per point; at most {MaxBytesPerPoint} expected.");
    }
}
