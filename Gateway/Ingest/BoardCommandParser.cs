using System.Text.Json;
using LiveDash.Grains;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Parses and validates the body of <c>POST /api/v1/boards/{id}</c>:
/// <c>{"batchId":"optional","title":"optional","set":{"team-a":3},"add":{"team-b":1}}</c>, with a
/// <see cref="Utf8JsonReader"/> (no reflection).
/// </summary>
/// <remarks>
/// Scores and increments are JSON integers within the 64-bit range. Members are optional (null counts
/// as absent) but the command must change something (a title, a set or an add). Unknown or repeated
/// members, bad entry ids (the <see cref="TopicNames"/> rule) and repeated ids are 422s; an entry
/// error's <c>index</c> is the entry's position in its map and <c>field</c> is <c>set</c> or <c>add</c>.
/// The title and batch id are checked by <see cref="BoardCommandValidator"/>, as the grain does.
/// </remarks>
internal static class BoardCommandParser
{
    /// <summary>Parses and validates a board command.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="options">The scoreboard grains' limits (the title length).</param>
    /// <param name="command">The command, when valid.</param>
    /// <returns>Null when valid, else the rejection.</returns>
    public static IngestRejection? Parse(ReadOnlySpan<byte> body, ScoreboardGrainOptions options, out BoardCommand? command)
    {
        command = null;
        var strings = new Utf8Strings();
        var errors = new ItemErrorCollector();
        var reader = new Utf8JsonReader(body, JsonBodyReader.Options);
        string? batchId = null;
        string? title = null;
        Dictionary<string, long>? set = null;
        Dictionary<string, long>? add = null;
        try
        {
            if (body.Trim(" \t\r\n"u8).IsEmpty)
            {
                return IngestRejection.Malformed("The body is empty; send a JSON object such as {\"add\":{\"team-a\":1}}. Nothing was applied.");
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

                return IngestRejection.Unprocessable($"The body is {type}; send a JSON object such as {{\"add\":{{\"team-a\":1}}}}. Nothing was applied.");
            }

            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("batchId"u8))
                {
                    Once(ref seen, 1, "batchId", errors);
                    batchId = ReadOptionalString(ref reader, "batchId", strings, errors);
                }
                else if (reader.ValueTextEquals("title"u8))
                {
                    Once(ref seen, 2, "title", errors);
                    title = ReadOptionalString(ref reader, "title", strings, errors);
                }
                else if (reader.ValueTextEquals("set"u8))
                {
                    Once(ref seen, 4, "set", errors);
                    set = ReadScores(ref reader, "set", strings, errors);
                }
                else if (reader.ValueTextEquals("add"u8))
                {
                    Once(ref seen, 8, "add", errors);
                    add = ReadScores(ref reader, "add", strings, errors);
                }
                else
                {
                    errors.AddBatchProblem($"'{JsonBodyReader.PropertyName(ref reader)}' is not a member of a board command; a command has batchId, title, set and add");
                    reader.Read();
                    reader.Skip();
                }
            }

            reader.Read();
        }
        catch (JsonException exception)
        {
            return JsonBodyReader.Malformed(exception, reader.BytesConsumed, item: null);
        }
        catch (MalformedBodyException exception)
        {
            return JsonBodyReader.Malformed(exception, item: null);
        }

        if (!errors.Any && title is null && set is not { Count: > 0 } && add is not { Count: > 0 })
        {
            errors.AddBatchProblem("the command changes nothing; send a title, set or add");
        }

        if (errors.Any)
        {
            return errors.ToRejection("entry", "entries");
        }

        var candidate = new BoardCommand(batchId, title, set, add);
        try
        {
            BoardCommandValidator.Validate(candidate, options);
        }
        catch (InvalidGrainInputException exception)
        {
            return IngestRejection.Unprocessable($"The request holds invalid values; nothing was applied. {exception.Reason}.");
        }

        command = candidate;
        return null;
    }

    private static void Once(ref int seen, int bit, string member, ItemErrorCollector errors)
    {
        if ((seen & bit) != 0)
        {
            errors.AddBatchProblem($"{member} appears twice; send it once");
        }

        seen |= bit;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader, string member, Utf8Strings strings, ItemErrorCollector errors)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            var value = JsonBodyReader.ReadString(ref reader, strings, out var invalid);
            if (invalid is not null)
            {
                errors.AddBatchProblem($"{member} {invalid}");
            }

            return value;
        }

        if (reader.TokenType != JsonTokenType.Null)
        {
            errors.AddBatchProblem($"{member} must be a string or null, not {JsonBodyReader.Describe(reader.TokenType)}");
            reader.Skip();
        }

        return null;
    }

    private static Dictionary<string, long>? ReadScores(ref Utf8JsonReader reader, string member, Utf8Strings strings, ItemErrorCollector errors)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.AddBatchProblem($"{member} must be an object of entry id to integer, not {JsonBodyReader.Describe(reader.TokenType)}");
            reader.Skip();
            return null;
        }

        var scores = new Dictionary<string, long>(StringComparer.Ordinal);
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var id = JsonBodyReader.ReadString(ref reader, strings, out var invalid);
            reader.Read();
            if (invalid is not null || !TopicNames.IsValidName(id))
            {
                var shown = invalid is null ? $"'{MetricBatchBuilder.Preview(id!)}'" : invalid;
                errors.AddItem(index, member, $"entry id {shown} is invalid; use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}");
                reader.Skip();
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var score))
            {
                var what = reader.TokenType == JsonTokenType.Number ? "a number that is not a 64-bit integer" : JsonBodyReader.Describe(reader.TokenType);
                errors.AddItem(index, member, $"the score of '{id}' must be an integer, not {what}");
                reader.Skip();
            }
            else if (!scores.TryAdd(id!, score))
            {
                errors.AddItem(index, member, $"entry id '{id}' appears twice in '{member}'; send it once");
            }

            index++;
        }

        return scores;
    }
}
