namespace LiveDash.Grains;

/// <summary>
/// What a batch id (the idempotency key of <see cref="MetricBatch"/> and <see cref="BoardCommand"/>)
/// may be: 1–<see cref="MaxLength"/> printable ASCII characters without spaces, e.g. a UUID.
/// </summary>
/// <remarks>
/// Grains remember recent batch ids in their persisted state, so the length bound is what keeps
/// that memory bounded together with the count limits in the grain options.
/// </remarks>
public static class BatchIdRules
{
    /// <summary>The longest batch id, in characters.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="batchId"/> is 1–128 characters from <c>!</c> to <c>~</c>.</summary>
    /// <param name="batchId">The candidate id.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? batchId)
        => batchId is { Length: > 0 and <= MaxLength } && !batchId.AsSpan().ContainsAnyExceptInRange('!', '~');

    /// <summary>Throws unless <paramref name="batchId"/> is null (no id) or valid.</summary>
    /// <param name="batchId">The id from a batch or command.</param>
    /// <exception cref="InvalidGrainInputException">The id is present but invalid.</exception>
    public static void ThrowIfInvalid(string? batchId)
    {
        if (batchId is not null && !IsValid(batchId))
        {
            throw new InvalidGrainInputException(
                $"batchId of {batchId.Length} characters is invalid; use 1–{MaxLength} printable ASCII characters without spaces (a UUID works)");
        }
    }
}
