using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>Writes a <see cref="Topic"/> as its string form (<c>"metric:cpu.load"</c>) and reads it back.</summary>
public sealed class TopicJsonConverter : JsonConverter<Topic>
{
    /// <inheritdoc />
    public override Topic Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A topic must be a JSON string, not {reader.TokenType}.");
        }

        var value = reader.GetString();
        return Topic.TryParse(value, out var topic)
            ? topic
            : throw new JsonException($"'{value}' is not a topic: expected '{Topic.MetricPrefix}<name>' or '{Topic.BoardPrefix}<id>'.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Topic value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}
