namespace LiveDash.Grains;

/// <summary>
/// The rules a <see cref="BoardCommand"/> must meet on its own: batch id, title and entry ids.
/// Shared by the scoreboard grain and by gateways that reject bad commands before a grain call.
/// Overflow and the entry limit depend on the board's state and are checked by the grain.
/// </summary>
public static class BoardCommandValidator
{
    private const int PreviewLength = 64;

    /// <summary>Throws when <paramref name="command"/> breaks a rule.</summary>
    /// <param name="command">The command to check.</param>
    /// <param name="options">The limits in force.</param>
    /// <exception cref="InvalidGrainInputException">The batch id, the title or an entry id is invalid.</exception>
    public static void Validate(BoardCommand command, ScoreboardGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(options);
        BatchIdRules.ThrowIfInvalid(command.BatchId);
        if (command.Title is { } title)
        {
            if (title.Length > options.MaxTitleLength)
            {
                throw new InvalidGrainInputException(
                    $"title has {title.Length} characters, over the limit of {options.MaxTitleLength} (ScoreboardGrainOptions.MaxTitleLength); shorten it");
            }

            if (!PrintableText.IsPrintable(title))
            {
                throw new InvalidGrainInputException("title has a control character or an unpaired surrogate; send printable text on one line");
            }
        }

        ValidateIds(command.Set, "set");
        ValidateIds(command.Add, "add");
    }

    private static void ValidateIds(IReadOnlyDictionary<string, long>? scores, string member)
    {
        if (scores is null)
        {
            return;
        }

        foreach (var id in scores.Keys)
        {
            if (!TopicNames.IsValidName(id))
            {
                var preview = id.Length <= PreviewLength ? id : string.Concat(id.AsSpan(0, PreviewLength), "…");
                throw new InvalidGrainInputException(
                    $"entry id '{preview}' in '{member}' is invalid; use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}");
            }
        }
    }
}
