using System.Globalization;
using LiveDash.Grains;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Reads one line of <see cref="LineProtocolParser"/>'s grammar into the batch: the first invalid value of
/// the line is its item error; a syntax error ends the parse.
/// </summary>
internal ref struct LineProtocolLine(ReadOnlySpan<byte> line, int lineIndex, MetricBatchBuilder builder)
{
    /// <summary>How one line ended.</summary>
    internal enum Outcome
    {
        /// <summary>Read (a point, an invalid point, or a blank or comment line).</summary>
        Done,

        /// <summary>Not line protocol: the parse ends with a 400.</summary>
        Malformed,

        /// <summary>One point more than the batch may hold.</summary>
        TooManyPoints,
    }

    private readonly ReadOnlySpan<byte> _line = line;
    private string? _errorField;
    private string? _errorReason;
    private int _malformedAt;
    private string? _malformed;

    public Outcome Read(out int column, out string? message)
    {
        var outcome = ReadLine();
        column = _malformedAt;
        message = _malformed;
        return outcome;
    }

    private Outcome ReadLine()
    {
        var pos = SkipSpaces(0);
        if (pos == _line.Length || _line[pos] == (byte)'#')
        {
            return Outcome.Done;
        }

        if (!builder.TryStartPoint())
        {
            return Outcome.TooManyPoints;
        }

        var keyEnd = LineProtocolParser.FindUnescaped(_line, pos, (byte)' ', (byte)' ');
        if (keyEnd < 0)
        {
            return Malformed(_line.Length, "expected a space and the field set (value=<number>) after the measurement and tags");
        }

        if (!TryReadSeriesKey(pos, keyEnd, out var series))
        {
            return Outcome.Malformed;
        }

        pos = SkipSpaces(keyEnd);
        if (!TryReadFields(ref pos, out var value, out var hasValue))
        {
            return Outcome.Malformed;
        }

        var timestampMs = builder.NowMs;
        pos = SkipSpaces(pos);
        if (pos < _line.Length)
        {
            var end = _line[pos..].IndexOf((byte)' ');
            end = end < 0 ? _line.Length : pos + end;
            if (!TryReadTimestamp(_line[pos..end], pos, ref timestampMs))
            {
                return Outcome.Malformed;
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

        return Outcome.Done;
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
        var measurementEnd = LineProtocolParser.FindUnescaped(raw, 0, (byte)',', (byte)',');
        measurementEnd = measurementEnd < 0 ? raw.Length : measurementEnd;
        if (measurementEnd == 0)
        {
            Malformed(start, "the line starts with ',' instead of a measurement");
            return false;
        }

        var metric = LineProtocolParser.Unescape(raw[..measurementEnd], equalsEscapes: false, builder.Strings);
        if (metric is null)
        {
            Malformed(start, "the measurement is not valid UTF-8");
            return false;
        }

        // Series of other measurements with the same tags (cpu,host=a and mem,host=a) share one
        // dictionary, so one series' samples keep sharing it even past the series-key cache's size.
        var rawTags = raw[measurementEnd..];
        var tagsHash = Utf8Strings.Hash(rawTags);
        if (rawTags.Length > 0 && builder.TagSets.TryGet(rawTags, tagsHash, out var cachedTags))
        {
            series = new MetricBatchBuilder.SeriesKey(metric, cachedTags);
            builder.SeriesKeys.TryAdd(raw, hash, series);
            return true;
        }

        Dictionary<string, string>? tags = null;
        var pos = measurementEnd;
        while (pos < raw.Length)
        {
            // raw[pos] is the ',' before a tag.
            pos++;
            var equals = LineProtocolParser.FindUnescaped(raw, pos, (byte)'=', (byte)',');
            if (equals < 0 || raw[equals] != (byte)'=')
            {
                Malformed(start + pos, "a tag has no '=' (tags are key=value, separated by ',')");
                return false;
            }

            var valueEnd = LineProtocolParser.FindUnescaped(raw, equals + 1, (byte)',', (byte)',');
            valueEnd = valueEnd < 0 ? raw.Length : valueEnd;
            var key = LineProtocolParser.Unescape(raw[pos..equals], equalsEscapes: true, builder.Strings);
            var value = LineProtocolParser.Unescape(raw[(equals + 1)..valueEnd], equalsEscapes: true, builder.Strings);
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
            if (tags is not null)
            {
                builder.TagSets.TryAdd(rawTags, tagsHash, tags);
            }
        }

        return true;
    }

    private bool TryReadFields(ref int pos, out double value, out bool hasValue)
    {
        value = 0;
        hasValue = false;
        while (true)
        {
            var equals = LineProtocolParser.FindUnescaped(_line, pos, (byte)'=', (byte)' ');
            if (equals < 0 || _line[equals] != (byte)'=' || equals == pos)
            {
                Malformed(pos, "expected a field (value=<number>)");
                return false;
            }

            var key = LineProtocolParser.Unescape(_line[pos..equals], equalsEscapes: true, builder.Strings);
            if (key is null)
            {
                Malformed(pos, "a field key is not valid UTF-8");
                return false;
            }

            pos = equals + 1;
            LineProtocolValues.Kind kind;
            var number = 0.0;
            if (pos < _line.Length && _line[pos] == (byte)'"')
            {
                var close = LineProtocolParser.FindUnescaped(_line, pos + 1, (byte)'"', (byte)'"');
                if (close < 0)
                {
                    Malformed(pos, $"the string value of field '{MetricBatchBuilder.Preview(key)}' has no closing '\"'");
                    return false;
                }

                kind = LineProtocolValues.Kind.String;
                pos = close + 1;
            }
            else
            {
                var end = _line[pos..].IndexOfAny((byte)',', (byte)' ');
                end = end < 0 ? _line.Length : pos + end;
                kind = LineProtocolValues.Classify(_line[pos..end], out number);
                if (kind == LineProtocolValues.Kind.Invalid)
                {
                    Malformed(pos, $"the value of field '{MetricBatchBuilder.Preview(key)}' is not a number, string or boolean");
                    return false;
                }

                if (kind == LineProtocolValues.Kind.OutOfRange)
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
            else if (kind is LineProtocolValues.Kind.String or LineProtocolValues.Kind.Boolean)
            {
                Fail("value", $"field 'value' is a {(kind == LineProtocolValues.Kind.String ? "string" : "boolean")}; send a number (1.5, 2i or 3u)");
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
            TimestampPrecision.Nanoseconds => LineProtocolValues.FloorDivide(timestamp, 1_000_000),
            TimestampPrecision.Microseconds => LineProtocolValues.FloorDivide(timestamp, 1_000),
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

    private Outcome Malformed(int column, string message)
    {
        _malformedAt = column;
        _malformed = message;
        return Outcome.Malformed;
    }
}
