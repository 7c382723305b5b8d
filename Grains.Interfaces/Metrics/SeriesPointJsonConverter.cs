using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>Reads and writes a <see cref="SeriesPoint"/> as the array <c>[tsSecond, avg]</c>.</summary>
public sealed class SeriesPointJsonConverter : JsonConverter<SeriesPoint>
{
    /// <inheritdoc />
    public override SeriesPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray, read: false);
        Expect(ref reader, JsonTokenType.Number, read: true);
        var second = reader.GetInt64();
        Expect(ref reader, JsonTokenType.Number, read: true);
        var avg = reader.GetDouble();
        Expect(ref reader, JsonTokenType.EndArray, read: true);
        return new SeriesPoint(second, avg);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SeriesPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.TsSecond);
        writer.WriteNumberValue(value.Avg);
        writer.WriteEndArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, bool read)
    {
        if ((read && !reader.Read()) || reader.TokenType != expected)
        {
            throw new JsonException($"A series point must be the array [tsSecond, avg]; found {reader.TokenType} where {expected} was expected.");
        }
    }
}
