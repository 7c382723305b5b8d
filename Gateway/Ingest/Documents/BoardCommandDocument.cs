namespace LiveDash.Gateway.Ingest;

/// <summary>OpenAPI shape of a <c>POST /api/v1/boards/{id}</c> body (the parser reads it without reflection).</summary>
/// <param name="BatchId">Idempotency key, as for metric batches.</param>
/// <param name="Title">A new title (at most 200 characters by default, no control characters), or null to keep it.</param>
/// <param name="Set">Entry id to the score to set (64-bit integers).</param>
/// <param name="Add">Entry id to the amount to add (may be negative); a missing entry starts at 0.</param>
internal sealed record BoardCommandDocument(string? BatchId = null, string? Title = null, IReadOnlyDictionary<string, long>? Set = null, IReadOnlyDictionary<string, long>? Add = null);
