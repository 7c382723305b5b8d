using System.Globalization;
using System.Text;

namespace LiveDash.Bench.Scenarios.Ingest;

/// <summary>
/// One ingest body, JSON or line protocol, built once with fixed-width places for the batch id and the
/// timestamps; <see cref="Fill"/> copies it and writes a fresh batch id and fresh timestamps, so every
/// batch is new to the gateway (no duplicate batch id, points at the current time) while the sender
/// spends a copy and a few thousand digits per batch, not a serialisation: on a 2-core machine the
/// sender shares the CPU with what it measures, so it must be cheap, and it is the same for both targets.
/// </summary>
/// <remarks>
/// Points: <c>metrics</c> metric names × <c>hosts</c> hosts (two tags, <c>host</c> and <c>region</c>),
/// and as many points per series as it takes to reach the batch size, timestamps spaced 1 ms apart
/// ending at the batch's time. Values are fixed pseudo-random numbers (the grains aggregate any value alike).
/// JSON: <c>{"batchId":"…","points":[{"metric","value","ts"(ms),"tags"}]}</c>. Line protocol:
/// <c>metric,host=…,region=… value=… &lt;ns&gt;</c> per line; its batch id goes in the query string.
/// </remarks>
internal sealed class IngestBodyTemplate
{
    /// <summary>Digits of a batch id (a decimal number, zero-padded).</summary>
    public const int BatchIdDigits = 16;

    private readonly byte[] _template;
    private readonly int _batchIdOffset;
    private readonly int[] _timestampOffsets;
    private readonly int[] _timestampAgesMs;
    private readonly int _timestampDigits;
    private readonly long _timestampScale;

    private IngestBodyTemplate(bool json, byte[] template, int batchIdOffset, int[] timestampOffsets, int[] timestampAgesMs)
    {
        IsJson = json;
        _template = template;
        _batchIdOffset = batchIdOffset;
        _timestampOffsets = timestampOffsets;
        _timestampAgesMs = timestampAgesMs;
        _timestampDigits = json ? 13 : 19;
        _timestampScale = json ? 1 : 1_000_000;
    }

    public bool IsJson { get; }

    public string ContentType => IsJson ? "application/json" : "text/plain; charset=utf-8";

    public int Length => _template.Length;

    public int Points => _timestampOffsets.Length;

    /// <summary>Builds the template: <paramref name="points"/> points over <paramref name="metrics"/> × <paramref name="hosts"/> series.</summary>
    public static IngestBodyTemplate Create(bool json, int points, int metrics, int hosts, string metricPrefix)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        var offsets = new List<int>(points);
        var ages = new List<int>(points);
        var batchIdOffset = -1;
        if (json)
        {
            text.Append("{\"batchId\":\"");
            batchIdOffset = text.Length;
            text.Append('0', BatchIdDigits).Append("\",\"points\":[");
        }

        var series = metrics * hosts;
        for (var i = 0; i < points; i++)
        {
            var metric = $"{metricPrefix}.m{i % metrics:00}";
            var host = (i / metrics) % hosts;
            var region = host % 2 == 0 ? "eu" : "us";
            var value = Math.Round(random.NextDouble() * 100, 3).ToString(CultureInfo.InvariantCulture);
            ages.Add(i / series);
            if (json)
            {
                text.Append(i == 0 ? "" : ",").Append("{\"metric\":\"").Append(metric).Append("\",\"value\":").Append(value).Append(",\"ts\":");
                offsets.Add(text.Length);
                text.Append('0', 13).Append(",\"tags\":{\"host\":\"h").Append(host).Append("\",\"region\":\"").Append(region).Append("\"}}");
            }
            else
            {
                text.Append(metric).Append(",host=h").Append(host).Append(",region=").Append(region).Append(" value=").Append(value).Append(' ');
                offsets.Add(text.Length);
                text.Append('0', 19).Append('\n');
            }
        }

        if (json)
        {
            text.Append("]}");
        }

        // Oldest first within a series: the point with the largest age gets the earliest timestamp.
        var maxAge = ages.Count == 0 ? 0 : ages.Max();
        return new IngestBodyTemplate(json, Encoding.UTF8.GetBytes(text.ToString()), batchIdOffset, [.. offsets], [.. ages.Select(a => maxAge - a)]);
    }

    /// <summary>Writes the body of batch <paramref name="batchId"/> at time <paramref name="nowMs"/> into <paramref name="buffer"/> (at least <see cref="Length"/> bytes).</summary>
    public void Fill(byte[] buffer, long batchId, long nowMs)
    {
        _template.CopyTo(buffer, 0);
        if (_batchIdOffset >= 0)
        {
            WriteDigits(buffer.AsSpan(_batchIdOffset, BatchIdDigits), batchId);
        }

        for (var i = 0; i < _timestampOffsets.Length; i++)
        {
            WriteDigits(buffer.AsSpan(_timestampOffsets[i], _timestampDigits), (nowMs - _timestampAgesMs[i]) * _timestampScale);
        }
    }

    /// <summary>The batch id as the query string's <c>batchId</c> would carry it (line protocol).</summary>
    public static string FormatBatchId(long batchId) => batchId.ToString(new string('0', BatchIdDigits), CultureInfo.InvariantCulture);

    private static void WriteDigits(Span<byte> place, long value)
    {
        for (var i = place.Length - 1; i >= 0; i--)
        {
            place[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
