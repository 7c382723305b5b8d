namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Parses <c>text/plain</c> InfluxDB line protocol over the body bytes, one span per line, without
/// intermediate strings: <c>cpu.load,host=a value=0.42 1764000000000000000</c>.
/// </summary>
/// <remarks>
/// <para>Grammar: <c>measurement[,tag=value...] field=value[,field=value...] [timestamp]</c>; the
/// measurement is the metric name. Blank lines and lines starting with <c>#</c> are skipped; lines end
/// with <c>\n</c> or <c>\r\n</c>. Backslash escapes follow the InfluxDB reference: <c>\,</c> and
/// <c>\ </c> in measurements; <c>\,</c>, <c>\=</c> and <c>\ </c> in tag keys, tag values and field keys;
/// <c>\\</c> is one backslash; a backslash before any other character is literal. The timestamp is an
/// integer in the request's precision (nanoseconds unless <c>?precision=us|ms|s</c>); without one the
/// point is stamped with the gateway's clock.</para>
/// <para>A LiveDash point carries one number, so a line must have exactly one field, <c>value</c>, that is
/// a float, an integer (<c>1i</c>) or an unsigned integer (<c>1u</c>). Any other field, or a string or
/// boolean <c>value</c>, is an invalid value (422) naming the line: nothing is dropped silently.</para>
/// <para>An item error's <c>index</c> is the 0-based line index in the body (blank and comment lines count).
/// Text that is not line protocol is a 400 naming the line and the byte in it.</para>
/// </remarks>
internal static class LineProtocolParser
{
    private const byte Backslash = (byte)'\\';

    /// <summary>Parses and validates a line-protocol batch.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="settings">Clock, limits and timestamp precision.</param>
    /// <param name="batchId">The batch id (the <c>batchId</c> query parameter), or null.</param>
    /// <returns>The whole batch, or the rejection.</returns>
    public static MetricIngestResult Parse(ReadOnlySpan<byte> body, in MetricParseSettings settings, string? batchId)
    {
        var builder = new MetricBatchBuilder(settings, MetricBatchBuilder.FieldNames.LineProtocol);
        var lineIndex = 0;
        var offset = 0;
        while (offset < body.Length)
        {
            var rest = body[offset..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            var outcome = new LineProtocolLine(line, lineIndex, builder).Read(out var column, out var message);
            if (outcome == LineProtocolLine.Outcome.TooManyPoints)
            {
                return MetricIngestResult.Rejected(builder.TooManyPoints());
            }

            if (outcome == LineProtocolLine.Outcome.Malformed)
            {
                return MetricIngestResult.Rejected(IngestRejection.Malformed(
                    $"Line {lineIndex + 1}, byte {column + 1} is not line protocol: {message}. Nothing was applied.",
                    [new(lineIndex, null, message!)]));
            }

            offset += newline < 0 ? rest.Length : newline + 1;
            lineIndex++;
        }

        return builder.Finish(batchId, "line");
    }

    /// <summary>Whether a query's <c>precision</c> names a unit (<c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c>; absent = ns).</summary>
    public static bool TryParsePrecision(string? value, out TimestampPrecision precision)
    {
        precision = value switch
        {
            null or "" or "ns" => TimestampPrecision.Nanoseconds,
            "us" => TimestampPrecision.Microseconds,
            "ms" => TimestampPrecision.Milliseconds,
            "s" => TimestampPrecision.Seconds,
            _ => (TimestampPrecision)(-1),
        };
        return precision >= 0;
    }

    /// <summary>Index of the first of <paramref name="a"/> or <paramref name="b"/> at or after <paramref name="start"/> not escaped by a backslash, or -1.</summary>
    internal static int FindUnescaped(ReadOnlySpan<byte> text, int start, byte a, byte b)
    {
        var i = start;
        while (i < text.Length)
        {
            var found = text[i..].IndexOfAny(a, b, Backslash);
            if (found < 0)
            {
                return -1;
            }

            i += found;
            if (text[i] != Backslash)
            {
                return i;
            }

            // A backslash escapes the byte after it, whatever it is, for scanning.
            i += 2;
        }

        return -1;
    }

    /// <summary>The text of a name or tag with its escapes resolved; null when it is not UTF-8.</summary>
    internal static string? Unescape(ReadOnlySpan<byte> raw, bool equalsEscapes, Utf8Strings strings)
    {
        if (raw.IndexOf(Backslash) < 0)
        {
            return strings.Get(raw);
        }

        var buffer = raw.Length <= 256 ? stackalloc byte[256] : new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == Backslash && i + 1 < raw.Length && IsEscapable(raw[i + 1], equalsEscapes))
            {
                c = raw[++i];
            }

            buffer[length++] = c;
        }

        return strings.Get(buffer[..length]);
    }

    private static bool IsEscapable(byte c, bool equalsEscapes)
        => c is (byte)',' or (byte)' ' or Backslash || (equalsEscapes && c == (byte)'=');
}
