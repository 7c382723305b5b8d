using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Serialization;

/// <summary>
/// The runtime's one JSON serializer, built once from <see cref="SerializationOptions"/>.
/// Storage providers use it for grain state.
/// </summary>
public sealed class RuntimeJsonSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>Builds the serializer options from the registered resolvers.</summary>
    public RuntimeJsonSerializer(IOptions<SerializationOptions> options)
    {
        var resolvers = options.Value.TypeInfoResolvers.Append(new DefaultJsonTypeInfoResolver()).ToArray();
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        _options.MakeReadOnly();
    }

    /// <summary>The options in use (read-only).</summary>
    public JsonSerializerOptions Options => _options;

    /// <summary>Serializes <paramref name="value"/> to UTF-8 bytes.</summary>
    public byte[] SerializeToBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    /// <summary>Serializes <paramref name="value"/> into <paramref name="destination"/>.</summary>
    public void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, TypeInfo<T>());
    }

    /// <summary>Deserializes UTF-8 JSON; a JSON <c>null</c> becomes a new <typeparamref name="T"/>.</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
        where T : new()
        => JsonSerializer.Deserialize(utf8Json, TypeInfo<T>()) ?? new T();

    /// <summary>Deserializes UTF-8 JSON of any type; a JSON <c>null</c> stays null (or default).</summary>
    public T? DeserializeValue<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, TypeInfo<T>());

    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));
}
