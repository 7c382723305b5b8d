using System.Buffers;
using System.Text.Json;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Shared pieces of the JSON write parsers (<see cref="JsonMetricBatchParser"/>, <see cref="BoardCommandParser"/>):
/// reader options, strings read through a <see cref="Utf8Strings"/> cache, and 400 answers that say where the
/// JSON broke.
/// </summary>
internal static class JsonBodyReader
{
    /// <summary>Strict RFC 8259: no comments, no trailing commas; depth is bounded by the default 64.</summary>
    public static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>The JSON type of the current token, in words, for "must be a …, not …" reasons.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>
    /// Reads the current string token. Null with <paramref name="invalidReason"/> set when the JSON escapes
    /// do not form text (an unpaired surrogate: well-formed JSON, invalid value).
    /// </summary>
    /// <exception cref="MalformedBodyException">The string's bytes are not UTF-8 (the JSON text itself is malformed).</exception>
    public static string? ReadString(ref Utf8JsonReader reader, Utf8Strings strings, out string? invalidReason)
    {
        invalidReason = null;
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return strings.Get(raw) ?? throw new MalformedBodyException("a string is not valid UTF-8", reader.TokenStartIndex);
        }

        // Unescaped text is never longer than its escaped form.
        byte[]? rented = null;
        var buffer = raw.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            int length;
            try
            {
                length = reader.CopyString(buffer);
            }
            catch (InvalidOperationException)
            {
                invalidReason = "has a \\u escape that is not text (an unpaired surrogate)";
                return null;
            }

            return strings.Get(buffer[..length]) ?? throw new MalformedBodyException("a string is not valid UTF-8", reader.TokenStartIndex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The property name of the current token, for "unknown field" reasons.</summary>
    public static string PropertyName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Utf8Strings.Preview(reader.ValueSpan);
        }

        try
        {
            return MetricBatchBuilder.Preview(reader.GetString() ?? string.Empty);
        }
        catch (InvalidOperationException)
        {
            return Utf8Strings.Preview(reader.ValueSpan);
        }
    }

    /// <summary>The 400 answer for JSON that does not parse.</summary>
    /// <param name="exception">The reader's error (it carries the line and the byte in the line, both 0-based).</param>
    /// <param name="bytesConsumed">The reader's offset in the body when it failed.</param>
    /// <param name="item">The item being read when it failed, if any.</param>
    public static IngestRejection Malformed(JsonException exception, long bytesConsumed, int? item)
    {
        // The reader's message ends with its own 0-based position; the detail gives 1-based ones.
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        message = message.TrimEnd('.', ' ');

        var line = (exception.LineNumber ?? 0) + 1;
        var column = (exception.BytePositionInLine ?? 0) + 1;
        return Malformed($"line {line}, byte {column} (offset {bytesConsumed}): {message}", item);
    }

    /// <summary>The 400 answer for a body that is not JSON text (bad UTF-8).</summary>
    public static IngestRejection Malformed(MalformedBodyException exception, int? item)
        => Malformed($"offset {exception.Offset}: {exception.Message}", item);

    private static IngestRejection Malformed(string where, int? item)
    {
        var detail = $"The body is not valid JSON at {where}. Nothing was applied.";
        return IngestRejection.Malformed(detail, item is { } index ? [new(index, null, "the JSON breaks inside this item")] : null);
    }
}
