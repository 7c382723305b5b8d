using System.Text.Json;
using LiveDash.Grains;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Parses <c>application/json</c> metric batches with a <see cref="Utf8JsonReader"/> over the body bytes
/// (no reflection, no document tree): <c>{"batchId":"optional","points":[{"metric":"cpu.load","value":0.42,
/// "ts":1764000000000,"tags":{"host":"a"}}]}</c>.
/// </summary>
/// <remarks>
/// <para>Strict on shape, so a typo cannot silently change meaning (a misspelt <c>ts</c> would otherwise
/// default to now): unknown or repeated members, and members of the wrong JSON type, are invalid values
/// (422) naming the point and field. <c>ts</c> (Unix milliseconds, an integer) and <c>tags</c> (an object
/// of strings) are optional and may be null; <c>metric</c> and <c>value</c> are required;
/// <c>batchId</c> may be null.</para>
/// <para>400 is for bodies that are not JSON (syntax, bad UTF-8); the detail gives line, byte and offset.</para>
/// </remarks>
internal static class JsonMetricBatchParser
{
    private const int MetricBit = 1;
    private const int ValueBit = 2;
    private const int TsBit = 4;
    private const int TagsBit = 8;

    /// <summary>Parses and validates a JSON batch.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="settings">Clock and limits.</param>
    /// <param name="queryBatchId">A <c>batchId</c> query parameter, or null; it must match the body's when both are given.</param>
    /// <returns>The whole batch, or the rejection.</returns>
    public static MetricIngestResult Parse(ReadOnlySpan<byte> body, in MetricParseSettings settings, string? queryBatchId = null)
    {
        var builder = new MetricBatchBuilder(settings, MetricBatchBuilder.FieldNames.Json);
        var reader = new Utf8JsonReader(body, JsonBodyReader.Options);
        var state = new State(builder);
        try
        {
            if (body.Trim(" \t\r\n"u8).IsEmpty)
            {
                return MetricIngestResult.Rejected(IngestRejection.Malformed("The body is empty; send a JSON object {\"points\":[...]}. Nothing was applied."));
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var type = JsonBodyReader.Describe(reader.TokenType);
                reader.Skip();
                while (reader.Read())
                {
                    // Only to find syntax errors after the root value.
                }

                return MetricIngestResult.Rejected(IngestRejection.Unprocessable(
                    $"The body is {type}; send a JSON object {{\"batchId\":\"optional\",\"points\":[...]}}. Nothing was applied."));
            }

            if (!ReadRoot(ref reader, body, ref state))
            {
                return MetricIngestResult.Rejected(builder.TooManyPoints());
            }

            // Throws on anything but whitespace after the root object.
            reader.Read();
        }
        catch (JsonException exception)
        {
            return MetricIngestResult.Rejected(JsonBodyReader.Malformed(exception, reader.BytesConsumed, state.CurrentPoint));
        }
        catch (MalformedBodyException exception)
        {
            return MetricIngestResult.Rejected(JsonBodyReader.Malformed(exception, state.CurrentPoint));
        }

        var batchId = state.BatchId;
        if (queryBatchId is not null)
        {
            if (batchId is not null && !string.Equals(batchId, queryBatchId, StringComparison.Ordinal))
            {
                builder.Errors.AddBatchProblem("the batchId query parameter differs from the body's batchId; send one of them");
            }

            batchId ??= queryBatchId;
        }

        return builder.Finish(batchId, "point");
    }

    /// <returns>False when the batch has too many points (parsing stopped).</returns>
    private static bool ReadRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref State state)
    {
        var errors = state.Builder.Errors;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("points"u8))
            {
                Repeated(ref seen, 1, "points", errors);
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    if (!ReadPoints(ref reader, body, ref state))
                    {
                        return false;
                    }
                }
                else
                {
                    errors.AddBatchProblem($"points must be an array of point objects, not {JsonBodyReader.Describe(reader.TokenType)}");
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("batchId"u8))
            {
                Repeated(ref seen, 2, "batchId", errors);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    state.BatchId = JsonBodyReader.ReadString(ref reader, state.Builder.Strings, out var invalid);
                    if (invalid is not null)
                    {
                        errors.AddBatchProblem("batchId " + invalid);
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    errors.AddBatchProblem($"batchId must be a string or null, not {JsonBodyReader.Describe(reader.TokenType)}");
                    reader.Skip();
                }
            }
            else
            {
                errors.AddBatchProblem($"'{JsonBodyReader.PropertyName(ref reader)}' is not a member of a batch; a batch has batchId and points");
                reader.Read();
                reader.Skip();
            }
        }

        if ((seen & 1) == 0)
        {
            errors.AddBatchProblem("points is missing; send \"points\":[{\"metric\":\"cpu.load\",\"value\":0.42}]");
        }

        return true;
    }

    private static void Repeated(ref int seen, int bit, string member, ItemErrorCollector errors)
    {
        if ((seen & bit) != 0)
        {
            errors.AddBatchProblem($"{member} appears twice; send it once");
        }

        seen |= bit;
    }

    /// <returns>False when the batch has too many points.</returns>
    private static bool ReadPoints(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref State state)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!state.Builder.TryStartPoint())
            {
                return false;
            }

            state.CurrentPoint = index;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadPoint(ref reader, body, ref state, index);
            }
            else
            {
                state.Builder.AddInvalidPoint(index, null, $"a point must be an object {{\"metric\":..,\"value\":..}}, not {JsonBodyReader.Describe(reader.TokenType)}");
                reader.Skip();
            }

            state.CurrentPoint = null;
            index++;
        }

        return true;
    }

    private static void ReadPoint(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref State state, int index)
    {
        var builder = state.Builder;
        string? metric = null;
        var value = 0.0;
        long? timestampMs = null;
        IReadOnlyDictionary<string, string> tags = CanonicalTags.Empty;
        string? errorField = null;
        string? errorReason = null;
        var seen = 0;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int bit;
            string field;
            if (reader.ValueTextEquals("metric"u8))
            {
                (bit, field) = (MetricBit, "metric");
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                (bit, field) = (ValueBit, "value");
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                (bit, field) = (TsBit, "ts");
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                (bit, field) = (TagsBit, "tags");
            }
            else
            {
                var name = JsonBodyReader.PropertyName(ref reader);
                Fail(ref errorField, ref errorReason, name, $"'{name}' is not a member of a point; a point has metric, value, ts and tags");
                reader.Read();
                reader.Skip();
                continue;
            }

            if ((seen & bit) != 0)
            {
                Fail(ref errorField, ref errorReason, field, field + " appears twice; send it once");
            }

            seen |= bit;
            reader.Read();
            switch (bit)
            {
                case MetricBit when reader.TokenType == JsonTokenType.String:
                    metric = JsonBodyReader.ReadString(ref reader, builder.Strings, out var invalid);
                    if (invalid is not null)
                    {
                        Fail(ref errorField, ref errorReason, field, "metric " + invalid);
                    }

                    break;
                case ValueBit when reader.TokenType == JsonTokenType.Number:
                    // Overflow (1e400) reads as ±Infinity, which validation rejects as not finite.
                    reader.TryGetDouble(out value);
                    break;
                case TsBit when reader.TokenType == JsonTokenType.Number:
                    if (TryGetTimestamp(ref reader, out var ts))
                    {
                        timestampMs = ts;
                    }
                    else
                    {
                        Fail(ref errorField, ref errorReason, field, $"ts {Utf8Strings.Preview(reader.ValueSpan)} is not an integer number of Unix milliseconds");
                    }

                    break;
                case TsBit or TagsBit when reader.TokenType == JsonTokenType.Null:
                    break;
                case TagsBit when reader.TokenType == JsonTokenType.StartObject:
                    if (ReadTags(ref reader, body, builder, out var tagsRead, out var tagsError))
                    {
                        tags = tagsRead;
                    }
                    else
                    {
                        Fail(ref errorField, ref errorReason, field, tagsError!);
                    }

                    break;
                default:
                    var expected = bit switch
                    {
                        MetricBit => "a string",
                        ValueBit => "a number",
                        TsBit => "an integer (Unix milliseconds) or null",
                        _ => "an object of strings or null",
                    };
                    Fail(ref errorField, ref errorReason, field, $"{field} must be {expected}, not {JsonBodyReader.Describe(reader.TokenType)}");
                    reader.Skip();
                    break;
            }
        }

        if ((seen & MetricBit) == 0)
        {
            Fail(ref errorField, ref errorReason, "metric", "metric is missing; every point names its metric");
        }

        if ((seen & ValueBit) == 0)
        {
            Fail(ref errorField, ref errorReason, "value", "value is missing; every point carries a number");
        }

        if (errorReason is not null)
        {
            builder.AddInvalidPoint(index, errorField, errorReason);
        }
        else
        {
            builder.AddPoint(index, metric!, value, timestampMs ?? builder.NowMs, tags);
        }
    }

    /// <summary>Keeps the first problem of a point: one error per item.</summary>
    private static void Fail(ref string? errorField, ref string? errorReason, string field, string reason)
    {
        if (errorReason is null)
        {
            errorField = field;
            errorReason = reason;
        }
    }

    private static bool TryGetTimestamp(ref Utf8JsonReader reader, out long timestampMs)
    {
        if (reader.TryGetInt64(out timestampMs))
        {
            return true;
        }

        // 1.764e12 is an integer too; 1764000000000.5 and values past ±2^63 are not.
        if (reader.TryGetDouble(out var value) && double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) < 9.2e18)
        {
            timestampMs = (long)value;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads a tags object. Identical tag objects (byte for byte) share one dictionary, found by the
    /// object's raw bytes; the dictionary is never mutated afterwards.
    /// </summary>
    private static bool ReadTags(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, MetricBatchBuilder builder, out IReadOnlyDictionary<string, string> tags, out string? error)
    {
        var start = (int)reader.TokenStartIndex;
        var pairs = builder.TagScratch;
        pairs.Clear();
        error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonBodyReader.ReadString(ref reader, builder.Strings, out var invalidKey);
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                error ??= $"tag '{MetricBatchBuilder.Preview(key ?? string.Empty)}' must be a string, not {JsonBodyReader.Describe(reader.TokenType)}";
                reader.Skip();
                continue;
            }

            var value = JsonBodyReader.ReadString(ref reader, builder.Strings, out var invalidValue);
            if (invalidKey is not null || invalidValue is not null)
            {
                error ??= "a tag " + (invalidKey is not null ? "key " + invalidKey : "value " + invalidValue);
                continue;
            }

            pairs.Add(new(key!, value!));
        }

        tags = CanonicalTags.Empty;
        if (error is not null || pairs.Count == 0)
        {
            return error is null;
        }

        var raw = body[start..(int)reader.BytesConsumed];
        var hash = Utf8Strings.Hash(raw);
        if (builder.TagSets.TryGet(raw, hash, out var cached))
        {
            tags = cached;
            return true;
        }

        var dictionary = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (!dictionary.TryAdd(key, value))
            {
                error = $"tag key '{MetricBatchBuilder.Preview(key)}' appears twice; send each tag once";
                return false;
            }
        }

        builder.TagSets.TryAdd(raw, hash, dictionary);
        tags = dictionary;
        return true;
    }

    /// <summary>Parse position and results shared by the nested readers.</summary>
    private struct State(MetricBatchBuilder builder)
    {
        public readonly MetricBatchBuilder Builder = builder;
        public string? BatchId;
        public int? CurrentPoint;
    }
}
