using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Serialization;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>
/// Turns call arguments, results and exceptions into message bodies and back, with the runtime's
/// serializer (source-generated contexts first; see <see cref="SerializationOptions"/>). Arguments
/// travel as one JSON array, each element serialised as its parameter's declared type.
/// </summary>
internal sealed class RemoteCallCodec
{
    private const int MaxRetainedBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? s_writer;

    private readonly JsonSerializerOptions _options;

    public RemoteCallCodec(RuntimeJsonSerializer serializer)
    {
        _options = serializer.Options;
    }

    public byte[] WriteArguments(GrainMethod method, object?[] arguments)
    {
        // One buffer and writer per thread, reset per call: the body array is the only allocation.
        var buffer = s_buffer ??= new ArrayBufferWriter<byte>(256);
        var writer = s_writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            writer.WriteStartArray();
            var argumentIndex = 0;
            for (var i = 0; i < method.ParameterCount; i++)
            {
                if (i == method.CancellationTokenIndex)
                {
                    continue;
                }

                JsonSerializer.Serialize(writer, arguments[i], _options.GetTypeInfo(method.ArgumentTypes[argumentIndex++]));
            }

            writer.WriteEndArray();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A huge argument must not stay pinned to the thread for good.
            if (buffer.Capacity > MaxRetainedBufferBytes)
            {
                s_buffer = null;
                s_writer = null;
            }
        }
    }

    /// <summary>Reads the arguments; the cancellation token's slot is left default (the runtime fills it).</summary>
    public object?[] ReadArguments(GrainMethod method, ReadOnlySpan<byte> body)
    {
        var arguments = new object?[method.ParameterCount];
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"The arguments of {method.DisplayName} are not a JSON array.");
        }

        var argumentIndex = 0;
        for (var i = 0; i < method.ParameterCount; i++)
        {
            if (i == method.CancellationTokenIndex)
            {
                arguments[i] = CancellationToken.None;
                continue;
            }

            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"{method.DisplayName} takes {method.ArgumentTypes.Length} arguments; fewer arrived.");
            }

            arguments[i] = JsonSerializer.Deserialize(ref reader, _options.GetTypeInfo(method.ArgumentTypes[argumentIndex++]));
        }

        return arguments;
    }

    public byte[] WriteResult<TResult>(TResult result)
        => typeof(TResult) == typeof(NoResult) ? [] : JsonSerializer.SerializeToUtf8Bytes(result, TypeInfo<TResult>());

    public TResult ReadResult<TResult>(ReadOnlySpan<byte> body)
        => typeof(TResult) == typeof(NoResult) ? default! : JsonSerializer.Deserialize(body, TypeInfo<TResult>())!;

    /// <summary>The typed metadata, so results are neither boxed nor looked up by reflection per call.</summary>
    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));

    public static byte[] WriteException(Exception exception)
    {
        var type = exception.GetType();
        var info = new RemoteExceptionInfo($"{type.FullName}, {type.Assembly.GetName().Name}", exception.Message, exception.StackTrace);
        return JsonSerializer.SerializeToUtf8Bytes(info, RemoteJsonContext.Default.RemoteExceptionInfo);
    }

    /// <summary>
    /// Recreates the remote exception: the same type with the same message when this process knows the
    /// type and it takes a message, else a <see cref="RemoteGrainException"/> naming it.
    /// </summary>
    public static Exception ReadException(ReadOnlySpan<byte> body)
    {
        RemoteExceptionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize(body, RemoteJsonContext.Default.RemoteExceptionInfo);
        }
        catch (JsonException exception)
        {
            return new InvalidOperationException("A remote grain call failed and its error could not be read.", exception);
        }

        if (info is null)
        {
            return new InvalidOperationException("A remote grain call failed without an error description.");
        }

        var type = Type.GetType(info.Type, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && type.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([info.Message]);
            }
            catch (TargetInvocationException)
            {
                // The constructor rejects the message (validates it, say): fall back to the generic form.
            }
        }

        var typeName = info.Type.Split(',')[0];
        return new RemoteGrainException(typeName, info.Message, info.StackTrace);
    }
}
