using System.Buffers;
using System.Globalization;
using LiveDash.Grains;

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

    private static readonly SearchValues<byte> s_floatBytes = SearchValues.Create("0123456789+-.eE"u8);

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

            var outcome = new LineReader(line, lineIndex, builder).Read(out var column, out var message);
            if (outcome == LineOutcome.TooManyPoints)
            {
                return MetricIngestResult.Rejected(builder.TooManyPoints());
            }

            if (outcome == LineOutcome.Malformed)
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

    /// <summary>How one line ended.</summary>
    private enum LineOutcome
    {
        Done,
        Malformed,
        TooManyPoints,
    }

    /// <summary>Reads one line; the first invalid value of the line is its item error, a syntax error ends the parse.</summary>
    private ref struct LineReader(ReadOnlySpan<byte> line, int lineIndex, MetricBatchBuilder builder)
    {
        private readonly ReadOnlySpan<byte> _line = line;
        private string? _errorField;
        private string? _errorReason;
        private int _malformedAt;
        private string? _malformed;

        public LineOutcome Read(out int column, out string? message)
        {
            var outcome = ReadLine();
            column = _malformedAt;
            message = _malformed;
            return outcome;
        }

        private LineOutcome ReadLine()
        {
            var pos = SkipSpaces(0);
            if (pos == _line.Length || _line[pos] == (byte)'#')
            {
                return LineOutcome.Done;
            }

            if (!builder.TryStartPoint())
            {
                return LineOutcome.TooManyPoints;
            }

            var keyEnd = FindUnescaped(_line, pos, (byte)' ', (byte)' ');
            if (keyEnd < 0)
            {
                return Malformed(_line.Length, "expected a space and the field set (value=<number>) after the measurement and tags");
            }

            if (!TryReadSeriesKey(pos, keyEnd, out var series))
            {
                return LineOutcome.Malformed;
            }

            pos = SkipSpaces(keyEnd);
            if (!TryReadFields(ref pos, out var value, out var hasValue))
            {
                return LineOutcome.Malformed;
            }

            var timestampMs = builder.NowMs;
            pos = SkipSpaces(pos);
            if (pos < _line.Length)
            {
                var end = _line[pos..].IndexOf((byte)' ');
                end = end < 0 ? _line.Length : pos + end;
                if (!TryReadTimestamp(_line[pos..end], pos, ref timestampMs))
                {
                    return LineOutcome.Malformed;
                }

                pos = SkipSpaces(end);
                if (pos < _line.Length)
                {
                    return Malformed(pos, "unexpected text after the timestamp");
                }
            }

            if (!hasValue)
            {
                Fail("value", "the line has no field 'value'; send value=<number>");
            }

            if (_errorReason is not null)
            {
                builder.AddInvalidPoint(lineIndex, _errorField, _errorReason);
            }
            else
            {
                builder.AddPoint(lineIndex, series!.Metric, value, timestampMs, series.Tags);
            }

            return LineOutcome.Done;
        }

        private bool TryReadSeriesKey(int start, int end, out MetricBatchBuilder.SeriesKey? series)
        {
            var raw = _line[start..end];
            var hash = Utf8Strings.Hash(raw);
            if (builder.SeriesKeys.TryGet(raw, hash, out var cached))
            {
                series = cached;
                return true;
            }

            series = null;
            var measurementEnd = FindUnescaped(raw, 0, (byte)',', (byte)',');
            measurementEnd = measurementEnd < 0 ? raw.Length : measurementEnd;
            if (measurementEnd == 0)
            {
                Malformed(start, "the line starts with ',' instead of a measurement");
                return false;
            }

            var metric = Unescape(raw[..measurementEnd], equalsEscapes: false, builder.Strings);
            if (metric is null)
            {
                Malformed(start, "the measurement is not valid UTF-8");
                return false;
            }

            Dictionary<string, string>? tags = null;
            var pos = measurementEnd;
            while (pos < raw.Length)
            {
                // raw[pos] is the ',' before a tag.
                pos++;
                var equals = FindUnescaped(raw, pos, (byte)'=', (byte)',');
                if (equals < 0 || raw[equals] != (byte)'=')
                {
                    Malformed(start + pos, "a tag has no '=' (tags are key=value, separated by ',')");
                    return false;
                }

                var valueEnd = FindUnescaped(raw, equals + 1, (byte)',', (byte)',');
                valueEnd = valueEnd < 0 ? raw.Length : valueEnd;
                var key = Unescape(raw[pos..equals], equalsEscapes: true, builder.Strings);
                var value = Unescape(raw[(equals + 1)..valueEnd], equalsEscapes: true, builder.Strings);
                if (key is null || value is null)
                {
                    Malformed(start + pos, "a tag is not valid UTF-8");
                    return false;
                }

                tags ??= new Dictionary<string, string>(StringComparer.Ordinal);
                if (!tags.TryAdd(key, value))
                {
                    Fail("tags", $"tag key '{MetricBatchBuilder.Preview(key)}' appears twice; send each tag once");
                }

                pos = valueEnd;
            }

            series = new MetricBatchBuilder.SeriesKey(metric, tags ?? CanonicalTags.Empty);
            if (_errorReason is null)
            {
                builder.SeriesKeys.TryAdd(raw, hash, series);
            }

            return true;
        }

        private bool TryReadFields(ref int pos, out double value, out bool hasValue)
        {
            value = 0;
            hasValue = false;
            while (true)
            {
                var equals = FindUnescaped(_line, pos, (byte)'=', (byte)' ');
                if (equals < 0 || _line[equals] != (byte)'=' || equals == pos)
                {
                    Malformed(pos, "expected a field (value=<number>)");
                    return false;
                }

                var key = Unescape(_line[pos..equals], equalsEscapes: true, builder.Strings);
                if (key is null)
                {
                    Malformed(pos, "a field key is not valid UTF-8");
                    return false;
                }

                pos = equals + 1;
                FieldKind kind;
                var number = 0.0;
                if (pos < _line.Length && _line[pos] == (byte)'"')
                {
                    var close = FindUnescaped(_line, pos + 1, (byte)'"', (byte)'"');
                    if (close < 0)
                    {
                        Malformed(pos, $"the string value of field '{MetricBatchBuilder.Preview(key)}' has no closing '\"'");
                        return false;
                    }

                    kind = FieldKind.String;
                    pos = close + 1;
                }
                else
                {
                    var end = _line[pos..].IndexOfAny((byte)',', (byte)' ');
                    end = end < 0 ? _line.Length : pos + end;
                    kind = ClassifyValue(_line[pos..end], out number);
                    if (kind == FieldKind.Invalid)
                    {
                        Malformed(pos, $"the value of field '{MetricBatchBuilder.Preview(key)}' is not a number, string or boolean");
                        return false;
                    }

                    if (kind == FieldKind.OutOfRange)
                    {
                        Fail("value", $"field '{MetricBatchBuilder.Preview(key)}' is an integer outside the 64-bit range");
                    }

                    pos = end;
                }

                if (key != "value")
                {
                    Fail(
                        "fields",
                        $"field '{MetricBatchBuilder.Preview(key)}' is not supported: a point carries one number, in the field 'value'; send other fields as metrics of their own");
                }
                else if (hasValue)
                {
                    Fail("value", "field 'value' appears twice; send it once");
                }
                else if (kind is FieldKind.String or FieldKind.Boolean)
                {
                    Fail("value", $"field 'value' is a {(kind == FieldKind.String ? "string" : "boolean")}; send a number (1.5, 2i or 3u)");
                }
                else
                {
                    hasValue = true;
                    value = number;
                }

                if (pos < _line.Length && _line[pos] == (byte)',')
                {
                    pos++;
                    continue;
                }

                if (pos < _line.Length && _line[pos] != (byte)' ')
                {
                    Malformed(pos, "expected ',', a space or the end of the line after a field value");
                    return false;
                }

                return true;
            }
        }

        private bool TryReadTimestamp(ReadOnlySpan<byte> token, int pos, ref long timestampMs)
        {
            var digits = token[0] == (byte)'-' ? token[1..] : token;
            if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                Malformed(pos, "the timestamp is not an integer");
                return false;
            }

            if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
            {
                Fail("timestamp", $"timestamp {Utf8Strings.Preview(token)} is outside the 64-bit range");
                return true;
            }

            long? converted = builder.Precision switch
            {
                TimestampPrecision.Nanoseconds => FloorDivide(timestamp, 1_000_000),
                TimestampPrecision.Microseconds => FloorDivide(timestamp, 1_000),
                TimestampPrecision.Milliseconds => timestamp,
                _ => timestamp is > long.MaxValue / 1000 or < long.MinValue / 1000 ? null : timestamp * 1000,
            };
            if (converted is null)
            {
                Fail("timestamp", $"timestamp {timestamp} s is outside the range of Unix milliseconds");
            }
            else
            {
                timestampMs = converted.Value;
            }

            return true;
        }

        private readonly int SkipSpaces(int pos)
        {
            while (pos < _line.Length && _line[pos] is (byte)' ' or (byte)'\t')
            {
                pos++;
            }

            return pos;
        }

        private void Fail(string field, string reason)
        {
            if (_errorReason is null)
            {
                _errorField = field;
                _errorReason = reason;
            }
        }

        private LineOutcome Malformed(int column, string message)
        {
            _malformedAt = column;
            _malformed = message;
            return LineOutcome.Malformed;
        }
    }

    /// <summary>The type of an unquoted field value.</summary>
    private enum FieldKind
    {
        Invalid,
        Number,
        OutOfRange,
        String,
        Boolean,
    }

    /// <summary>Division rounding toward negative infinity, so a nanosecond before the epoch is millisecond -1, not 0.</summary>
    private static long FloorDivide(long value, long divisor)
    {
        var (quotient, remainder) = Math.DivRem(value, divisor);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static FieldKind ClassifyValue(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return FieldKind.Invalid;
        }

        switch (token[^1])
        {
            case (byte)'i':
                return ClassifyInteger(token[..^1], signed: true, out value);
            case (byte)'u':
                return ClassifyInteger(token[..^1], signed: false, out value);
        }

        if (token.SequenceEqual("t"u8) || token.SequenceEqual("T"u8) || token.SequenceEqual("true"u8) || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8)
            || token.SequenceEqual("f"u8) || token.SequenceEqual("F"u8) || token.SequenceEqual("false"u8) || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8))
        {
            return FieldKind.Boolean;
        }

        // Digits, sign, point and exponent only: no NaN, Infinity or whitespace, which double.TryParse would take.
        if (token.IndexOfAnyInRange((byte)'0', (byte)'9') < 0 || token.IndexOfAnyExcept(s_floatBytes) >= 0)
        {
            return FieldKind.Invalid;
        }

        // Overflow (1e400) parses to ±Infinity, which validation rejects as not finite.
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) ? FieldKind.Number : FieldKind.Invalid;
    }

    private static FieldKind ClassifyInteger(ReadOnlySpan<byte> digits, bool signed, out double value)
    {
        value = 0;
        var unsigned = signed && !digits.IsEmpty && digits[0] == (byte)'-' ? digits[1..] : digits;
        if (unsigned.IsEmpty || unsigned.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return FieldKind.Invalid;
        }

        if (signed)
        {
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return FieldKind.OutOfRange;
            }

            value = integer;
            return FieldKind.Number;
        }

        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var natural))
        {
            return FieldKind.OutOfRange;
        }

        value = natural;
        return FieldKind.Number;
    }
}
