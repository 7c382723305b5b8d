using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>
/// Reads and writes a <see cref="MetricBatch"/> in its compact form: each distinct tag set once, and
/// each sample as a tuple that points at its tag set,
/// <c>{"batchId":"b-1","tagSets":[{"host":"h0"},{"host":"h1"}],"samples":[[0,1764000000123,0.42],[1,1764000000123,0.5]]}</c>.
/// </summary>
/// <remarks>
/// <para>Why: a batch for one metric repeats a few tag sets over many samples (1,000 points over 50
/// metrics × 4 hosts give a grain 20 samples and 4 tag sets). Writing the tags once shrinks the grain
/// call and the metric grain's journal entry, and reading them once gives ONE dictionary per tag set,
/// shared by its samples, so the grain computes each series key once (reference check).</para>
/// <para>Wire form: <c>batchId</c> is left out when null. <c>tagSets</c> lists distinct tag sets (equal
/// content, whatever the dictionary instance), in order of first use. A sample is
/// <c>[tagSetIndex, timestampMs, value]</c>; the value is written with the shortest text that reads
/// back to the same double (-0 included), the timestamp as an integer. The reader accepts the three
/// properties in any order (a store that reorders keys does no harm) and refuses anything else (an
/// unknown or repeated property, a tuple of another length, an index past <c>tagSets</c>, a tag key
/// given twice, a wrong type, a missing <c>samples</c>, or a missing <c>tagSets</c> when there are
/// samples) with a <see cref="JsonException"/>: never a different batch.</para>
/// <para>Invalid values keep reaching the grain's validation as they did in the one-object-per-sample
/// form, so the grain names the bad sample: a null sample is written as <c>null</c>, null tags as a
/// <c>null</c> tag set, a null tag value as <c>null</c>, and NaN or ±Infinity as the named literal
/// string when the options allow named floating-point literals (the runtime's do); otherwise writing
/// one throws, as the serializer does for any double. Null samples or tags are refused on reading
/// only when the options respect nullable annotations (as <see cref="GrainsJsonContext"/>'s own do).</para>
/// </remarks>
public sealed class MetricBatchJsonConverter : JsonConverter<MetricBatch>
{
    private const string Shape = "A metric batch must be {\"batchId\":..,\"tagSets\":[{..},..],\"samples\":[[tagSetIndex,timestampMs,value],..]}";

    /// <inheritdoc />
    public override MetricBatch Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed($"found {reader.TokenType} instead of an object");
        }

        var strict = options.RespectNullableAnnotations;
        string? batchId = null;
        var sawBatchId = false;
        IReadOnlyDictionary<string, string>?[]? tagSets = null;
        var sawSamples = false;
        var samplesNull = false;
        var raw = new RawSamples();
        try
        {
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("batchId"u8))
                {
                    ThrowIfRepeated(ref sawBatchId, "batchId");
                    batchId = Next(ref reader) switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Null => null,
                        var other => throw Malformed($"batchId is {other}, not a string or null"),
                    };
                }
                else if (reader.ValueTextEquals("tagSets"u8))
                {
                    if (tagSets is not null)
                    {
                        throw Malformed("tagSets appears twice");
                    }

                    Next(ref reader);
                    tagSets = ReadTagSets(ref reader, strict);
                }
                else if (reader.ValueTextEquals("samples"u8))
                {
                    ThrowIfRepeated(ref sawSamples, "samples");
                    if (Next(ref reader) == JsonTokenType.Null && !strict)
                    {
                        samplesNull = true;
                        continue;
                    }

                    raw.Read(ref reader, namedLiterals: (options.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0);
                }
                else
                {
                    throw Malformed($"it has the unknown property '{reader.GetString()}'");
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw Malformed($"found {reader.TokenType} where a property name was expected");
            }

            if (!sawSamples)
            {
                throw Malformed("samples is missing");
            }

            if (samplesNull)
            {
                return new MetricBatch(batchId, null!);
            }

            if (tagSets is null)
            {
                throw Malformed("tagSets is missing");
            }

            return new MetricBatch(batchId, raw.ToSamples(tagSets));
        }
        finally
        {
            raw.Dispose();
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, MetricBatch value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        if (value.BatchId is { } batchId)
        {
            writer.WriteString("batchId"u8, batchId);
        }

        var samples = value.Samples;
        if (samples is null)
        {
            writer.WriteNull("samples"u8);
            writer.WriteEndObject();
            return;
        }

        var table = TagSetTable.Rent();
        try
        {
            table.Index(samples);
            writer.WriteStartArray("tagSets"u8);
            foreach (var tags in table.Distinct)
            {
                WriteTagSet(writer, tags);
            }

            writer.WriteEndArray();
            var namedLiterals = (options.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0;
            writer.WriteStartArray("samples"u8);
            for (var i = 0; i < samples.Count; i++)
            {
                if (samples[i] is not { } sample)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartArray();
                writer.WriteNumberValue(table.IndexOf(i));
                writer.WriteNumberValue(sample.TimestampMs);
                WriteValue(writer, sample.Value, namedLiterals);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }
        finally
        {
            TagSetTable.Return(table);
        }

        writer.WriteEndObject();
    }

    /// <summary>Advances the reader; a reader that runs out inside the batch has a truncated batch.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader reader)
        => reader.Read() ? reader.TokenType : throw Malformed("it ends early");

    private static JsonException Malformed(string problem) => new($"{Shape}; {problem}.");

    private static void ThrowIfRepeated(ref bool seen, string property)
    {
        if (seen)
        {
            throw Malformed($"{property} appears twice");
        }

        seen = true;
    }

    private static IReadOnlyDictionary<string, string>?[] ReadTagSets(ref Utf8JsonReader reader, bool strict)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Malformed($"tagSets is {reader.TokenType}, not an array");
        }

        // Few per batch (one per series): a small list, copied once.
        var tagSets = new List<IReadOnlyDictionary<string, string>?>(4);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            tagSets.Add(reader.TokenType switch
            {
                JsonTokenType.StartObject => ReadTagSet(ref reader),
                JsonTokenType.Null when !strict => null,
                var other => throw Malformed($"tag set {tagSets.Count} is {other}, not an object"),
            });
        }

        return [.. tagSets];
    }

    private static IReadOnlyDictionary<string, string> ReadTagSet(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) == JsonTokenType.EndObject)
        {
            return CanonicalTags.Empty;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        do
        {
            var key = reader.GetString()!;
            var value = Next(ref reader) switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                var other => throw Malformed($"tag '{key}' is {other}, not a string"),
            };

            // A null value is invalid, but it reaches the grain's validation as it did before.
            if (!tags.TryAdd(key, value!))
            {
                throw Malformed($"tag '{key}' appears twice in one tag set");
            }
        }
        while (Next(ref reader) == JsonTokenType.PropertyName);

        return reader.TokenType == JsonTokenType.EndObject ? tags : throw Malformed($"found {reader.TokenType} inside a tag set");
    }

    private static void WriteTagSet(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var (key, value) in tags)
        {
            writer.WritePropertyName(key);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, double value, bool namedLiterals)
    {
        if (double.IsFinite(value) || !namedLiterals)
        {
            // Shortest round-trip text; the writer itself refuses NaN and ±Infinity here.
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>
    /// The sample tuples as read, before their tag sets are known (the properties come in any order),
    /// in a pooled buffer: the batch's array of samples is then allocated once, at its exact size.
    /// </summary>
    private struct RawSamples : IDisposable
    {
        private RawSample[]? _buffer;
        private int _count;

        public void Read(ref Utf8JsonReader reader, bool namedLiterals)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Malformed($"samples is {reader.TokenType}, not an array");
            }

            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                Add(reader.TokenType switch
                {
                    JsonTokenType.Null => RawSample.Null,
                    JsonTokenType.StartArray => ReadTuple(ref reader, _count, namedLiterals),
                    var other => throw Malformed($"sample {_count} is {other}, not [tagSetIndex,timestampMs,value]"),
                });
            }
        }

        public readonly MetricSample[] ToSamples(IReadOnlyDictionary<string, string>?[] tagSets)
        {
            var samples = new MetricSample[_count];
            for (var i = 0; i < _count; i++)
            {
                var raw = _buffer![i];
                if (raw.TagSet == RawSample.NullTagSet)
                {
                    // A null sample reaches the grain's validation, which names it.
                    samples[i] = null!;
                    continue;
                }

                if ((uint)raw.TagSet >= (uint)tagSets.Length)
                {
                    throw Malformed($"sample {i} names tag set {raw.TagSet}, but there are {tagSets.Length}");
                }

                samples[i] = new MetricSample(raw.Value, raw.TimestampMs, tagSets[raw.TagSet]!);
            }

            return samples;
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<RawSample>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        private static RawSample ReadTuple(ref Utf8JsonReader reader, int index, bool namedLiterals)
        {
            if (Next(ref reader) != JsonTokenType.Number || !reader.TryGetInt32(out var tagSet) || tagSet < 0)
            {
                throw Malformed($"sample {index} does not start with a tag set index (a non-negative integer)");
            }

            if (Next(ref reader) != JsonTokenType.Number || !reader.TryGetInt64(out var timestampMs))
            {
                throw Malformed($"sample {index} has no timestamp (an integer of Unix milliseconds) in second place");
            }

            var value = Next(ref reader) switch
            {
                JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number) => number,
                JsonTokenType.String when namedLiterals => NamedLiteral(ref reader, index),
                _ => throw Malformed($"sample {index} has no value (a finite number) in third place"),
            };

            if (Next(ref reader) != JsonTokenType.EndArray)
            {
                throw Malformed($"sample {index} has more than 3 elements");
            }

            return new RawSample(tagSet, timestampMs, value);
        }

        private static double NamedLiteral(ref Utf8JsonReader reader, int index)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                return double.NaN;
            }

            if (reader.ValueTextEquals("Infinity"u8))
            {
                return double.PositiveInfinity;
            }

            return reader.ValueTextEquals("-Infinity"u8)
                ? double.NegativeInfinity
                : throw Malformed($"sample {index} has a string value that is not NaN, Infinity or -Infinity");
        }

        private void Add(RawSample sample)
        {
            if (_buffer is null || _count == _buffer.Length)
            {
                var larger = ArrayPool<RawSample>.Shared.Rent(Math.Max(32, _count * 2));
                if (_buffer is not null)
                {
                    _buffer.AsSpan(0, _count).CopyTo(larger);
                    ArrayPool<RawSample>.Shared.Return(_buffer);
                }

                _buffer = larger;
            }

            _buffer[_count++] = sample;
        }
    }

    private readonly record struct RawSample(int TagSet, long TimestampMs, double Value)
    {
        public const int NullTagSet = -1;

        public static RawSample Null => new(NullTagSet, 0, 0);
    }
}
