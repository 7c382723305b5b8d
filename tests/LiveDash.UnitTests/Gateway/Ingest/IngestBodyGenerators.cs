using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>FsCheck generators of metric batches (a model) and their JSON and line-protocol renderings, mutations and garbage.</summary>
internal static class IngestBodyGenerators
{
    /// <summary>Values as text with whether the grains accept them: ordinary numbers and the edges of the double range and of the 1e280 limit.</summary>
    private static readonly (string Text, bool Valid)[] s_edgeValues =
    [
        ("0", true), ("-0", true), ("1e280", true), ("-1e280", true), ("5e-324", true), ("1e-400", true), ("123456789012345678901234567890", true),
        ("1.0000000000000001e280", true), ("1.000001e280", false), ("1e281", false), ("1.7976931348623157e308", false), ("1e400", false), ("-1e400", false),
    ];

    private static readonly char[] s_nameChars = "abcxyzABZ0189._-".ToCharArray();

    // Printable text that needs escaping somewhere: spaces, commas, equals, backslashes, quotes, non-ASCII, a surrogate pair.
    private static readonly string[] s_tagValues = ["a", "b c", "x,y", "k=v", "back\\slash", "ends\\", "\"quoted\"", "café", "😀", "#hash", "tab-free", "1"];

    public static Gen<string> Names { get; } =
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements(s_nameChars), n)).Select(chars => new string(chars));

    public static Gen<PointModel> ValidPoints { get; } =
        from metric in Names
        from value in Gen.Frequency((4, Gen.Choose(-100_000, 100_000).Select(i => (i / 128.0).ToString("R", CultureInfo.InvariantCulture))), (1, Gen.Elements(s_edgeValues.Where(v => v.Valid).Select(v => v.Text).ToArray())))
        from integer in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from offsetMs in Gen.Frequency((2, Gen.Constant<long?>(null)), (3, Gen.Choose(-86_400, 300).Select(s => (long?)(s * 1000L))), (1, Gen.Elements<long?>(-86_400_000, 300_000)))
        from subMs in Gen.Choose(0, 999_999)
        from tagCount in Gen.Choose(0, 3)
        from keys in Gen.ArrayOf(Names, tagCount)
        from values in Gen.ArrayOf(Gen.Elements(s_tagValues), tagCount)
        select new PointModel(metric, integer ? "7" : value, integer, offsetMs is null ? null : NowMs + offsetMs.Value, subMs, Distinct(keys, values));

    /// <summary>Points whose value comes from the edge list, valid or not.</summary>
    public static Gen<(PointModel Point, bool Valid)> EdgePoints { get; } =
        from point in ValidPoints
        from edge in Gen.Elements(s_edgeValues)
        select (point with { Value = edge.Text, Integer = false }, edge.Valid);

    public static Gen<PointModel[]> Batches { get; } = Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(ValidPoints, n));

    /// <summary>Random bytes biased towards the characters both formats give meaning to.</summary>
    public static Gen<byte[]> Garbage { get; } =
        Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(
            Gen.Frequency(
                (6, Gen.Elements("{}[]\":,= \\\n\r#.-+eEi0123456789abcvalue\tntruefalse".Select(c => (byte)c).ToArray())),
                (1, Gen.Choose(0, 255).Select(b => (byte)b))),
            n));

    public static string Json(IReadOnlyList<PointModel> points, string? batchId = null)
    {
        var text = new StringBuilder("{");
        if (batchId is not null)
        {
            text.Append("\"batchId\":").Append(JsonSerializer.Serialize(batchId)).Append(',');
        }

        text.Append("\"points\":[");
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            text.Append(i == 0 ? string.Empty : ",").Append("{\"metric\":").Append(JsonSerializer.Serialize(point.Metric)).Append(",\"value\":").Append(point.Value);
            if (point.TimestampMs is { } ts)
            {
                text.Append(",\"ts\":").Append(ts);
            }

            if (point.Tags.Count > 0)
            {
                text.Append(",\"tags\":{").AppendJoin(',', point.Tags.Select(t => JsonSerializer.Serialize(t.Key) + ":" + JsonSerializer.Serialize(t.Value))).Append('}');
            }

            text.Append('}');
        }

        return text.Append("]}").ToString();
    }

    public static string Lines(IReadOnlyList<PointModel> points)
    {
        var text = new StringBuilder();
        foreach (var point in points)
        {
            text.Append(point.Metric);
            foreach (var (key, value) in point.Tags)
            {
                text.Append(',').Append(Escape(key)).Append('=').Append(Escape(value));
            }

            text.Append(" value=").Append(point.Value).Append(point.Integer ? "i" : string.Empty);
            if (point.TimestampMs is { } ts)
            {
                text.Append(' ').Append((ts * 1_000_000) + point.SubMillisecondNs);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One to three random edits of <paramref name="body"/>: a flipped, deleted, inserted or duplicated run of bytes, or a cut.</summary>
    public static Gen<byte[]> Mutations(byte[] body)
        => Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Edit(body.Length), n))
            .Select(edits =>
            {
                var bytes = new List<byte>(body);
                foreach (var (kind, at, length, value) in edits)
                {
                    var position = Math.Min(at, bytes.Count);
                    var run = Math.Min(length, bytes.Count - position);
                    switch (kind)
                    {
                        case 0 when run > 0:
                            bytes[position] = (byte)value;
                            break;
                        case 1:
                            bytes.RemoveRange(position, run);
                            break;
                        case 2:
                            bytes.InsertRange(position, Enumerable.Repeat((byte)value, length));
                            break;
                        case 3:
                            bytes.InsertRange(position, bytes.GetRange(position, run));
                            break;
                        default:
                            bytes.RemoveRange(position, bytes.Count - position);
                            break;
                    }
                }

                return bytes.ToArray();
            });

    private static Gen<(int Kind, int At, int Length, int Value)> Edit(int bodyLength)
        => from kind in Gen.Choose(0, 4)
           from at in Gen.Choose(0, bodyLength)
           from length in Gen.Choose(1, 8)
           from value in Gen.Choose(0, 255)
           select (kind, at, length, value);

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is ',' or '=' or ' ' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static Dictionary<string, string> Distinct(string[] keys, string[] values)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            tags.TryAdd(keys[i], values[i]);
        }

        return tags;
    }

    /// <summary>A point as the generator meant it.</summary>
    /// <param name="Metric">The metric name.</param>
    /// <param name="Value">The value as text.</param>
    /// <param name="Integer">Line protocol: sent as an integer (<c>7i</c>).</param>
    /// <param name="TimestampMs">The timestamp, or null for none (now).</param>
    /// <param name="SubMillisecondNs">Line protocol: nanoseconds added below the millisecond.</param>
    /// <param name="Tags">The tags.</param>
    internal sealed record PointModel(string Metric, string Value, bool Integer, long? TimestampMs, int SubMillisecondNs, IReadOnlyDictionary<string, string> Tags);
}
