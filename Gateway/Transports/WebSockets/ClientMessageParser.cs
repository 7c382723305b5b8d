using System.Text.Json;
using LiveDash.Grains;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// Reads one client message (a text frame's UTF-8 JSON) with a <see cref="Utf8JsonReader"/>: no
/// reflection, and nothing allocated beyond the values kept. Never throws: a message it cannot
/// understand becomes <see cref="ClientOp.Invalid"/> with a <c>bad_request</c> error for the client.
/// </summary>
/// <remarks>
/// Members may come in any order; unknown members are ignored (newer clients may send more), a repeated
/// member's last value wins. <c>id</c> is a string of 1–<see cref="MaxIdLength"/> characters; it is echoed
/// even when the rest of the message is wrong, as long as it was read. The <c>command</c> object is kept
/// as raw JSON and read when the command runs, after the scope check.
/// </remarks>
internal static class ClientMessageParser
{
    /// <summary>The longest <c>id</c>, in characters.</summary>
    public const int MaxIdLength = 128;

    private const int PreviewLength = 64;

    private static readonly JsonReaderOptions s_readerOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 };

    /// <summary>Parses a message.</summary>
    /// <param name="utf8">The message text.</param>
    /// <returns>The message; <see cref="ClientOp.Invalid"/> when it cannot be understood.</returns>
    public static ClientMessage Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return ClientMessage.Invalid(null, WebSocketErrorCodes.BadRequest, "The message is empty; send a JSON object such as {\"op\":\"ping\"}.");
        }

        var reader = new Utf8JsonReader(utf8, s_readerOptions);
        string? op = null;
        string? id = null;
        List<Topic>? topics = null;
        string? cursor = null;
        Topic? topic = null;
        byte[]? command = null;
        string? problem = null;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = Describe(reader.TokenType);
                reader.Skip();
                while (reader.Read())
                {
                    // Only to report a syntax error after the value as such.
                }

                return ClientMessage.Invalid(null, WebSocketErrorCodes.BadRequest, $"The message is {kind}; send a JSON object such as {{\"op\":\"ping\"}}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("op"u8))
                {
                    op = ReadString(ref reader, "op", ref problem);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadString(ref reader, "id", ref problem);
                    if (id is not { Length: > 0 and <= MaxIdLength })
                    {
                        problem ??= $"'id' must be a string of 1–{MaxIdLength} characters.";
                        id = null;
                    }
                }
                else if (reader.ValueTextEquals("topics"u8))
                {
                    topics = ReadTopics(ref reader, ref problem);
                }
                else if (reader.ValueTextEquals("cursor"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        cursor = reader.GetString();
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        problem ??= "'cursor' must be a string (the cursor of the last event received) or null.";
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("topic"u8))
                {
                    var text = ReadString(ref reader, "topic", ref problem);
                    if (text is not null)
                    {
                        topic = ParseTopic(text, ref problem);
                    }
                }
                else if (reader.ValueTextEquals("command"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        command = utf8[start..(int)reader.BytesConsumed].ToArray();
                    }
                    else
                    {
                        problem ??= "'command' must be an object such as {\"add\":{\"team-a\":1}}.";
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Past the object's end: anything but whitespace after it throws.
            reader.Read();
        }
        catch (JsonException exception)
        {
            return ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, "The message is not valid JSON: " + exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            // A string the reader cannot transcode (invalid UTF-8 or escapes).
            return ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, "The message holds an unreadable string: " + exception.Message);
        }

        if (problem is not null)
        {
            return ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, problem);
        }

        return op switch
        {
            null => ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, "The message has no 'op'; use subscribe, unsubscribe, command or ping."),
            "subscribe" or "unsubscribe" when topics is not { Count: > 0 } =>
                ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, $"'{op}' needs a non-empty 'topics' array such as [\"metric:cpu.load\"]."),
            "subscribe" => new ClientMessage(ClientOp.Subscribe, id, topics!, cursor, default, default),
            "unsubscribe" => new ClientMessage(ClientOp.Unsubscribe, id, topics!, null, default, default),
            "command" when topic is null =>
                ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, "'command' needs a 'topic' such as \"board:match-1\"."),
            "command" when command is null =>
                ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, "'command' needs a 'command' object such as {\"add\":{\"team-a\":1}}."),
            "command" => new ClientMessage(ClientOp.Command, id, [], null, topic.Value, command),
            "ping" => new ClientMessage(ClientOp.Ping, id, [], null, default, default),
            _ => ClientMessage.Invalid(id, WebSocketErrorCodes.BadRequest, $"'{Preview(op)}' is not an op; use subscribe, unsubscribe, command or ping."),
        };
    }

    private static string? ReadString(ref Utf8JsonReader reader, string member, ref string? problem)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        problem ??= $"'{member}' must be a string; it is {Describe(reader.TokenType)}.";
        reader.Skip();
        return null;
    }

    private static List<Topic>? ReadTopics(ref Utf8JsonReader reader, ref string? problem)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            problem ??= $"'topics' must be an array of topic names such as [\"metric:cpu.load\"]; it is {Describe(reader.TokenType)}.";
            reader.Skip();
            return null;
        }

        var topics = new List<Topic>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                problem ??= $"'topics' must hold topic names (strings); one is {Describe(reader.TokenType)}.";
                reader.Skip();
                continue;
            }

            if (ParseTopic(reader.GetString()!, ref problem) is { } topic)
            {
                topics.Add(topic);
            }
        }

        return topics;
    }

    private static Topic? ParseTopic(string text, ref string? problem)
    {
        if (Topic.TryParse(text, out var topic))
        {
            return topic;
        }

        problem ??= $"'{Preview(text)}' is not a topic: use '{Topic.MetricPrefix}<name>' or '{Topic.BoardPrefix}<id>' with 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.";
        return null;
    }

    private static string Preview(string text) => text.Length <= PreviewLength ? text : string.Concat(text.AsSpan(0, PreviewLength), "…");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "not a value",
    };
}
