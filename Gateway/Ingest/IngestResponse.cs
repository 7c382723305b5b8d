namespace LiveDash.Gateway.Ingest;

/// <summary>The answer to an applied metric batch: <c>{"accepted":3,"duplicate":false}</c>.</summary>
/// <param name="Accepted">Points in the batch (all of them: a batch is applied whole).</param>
/// <param name="Duplicate">True when every metric of the batch had already applied its batch id, so nothing was applied now.</param>
internal sealed record IngestResponse(int Accepted, bool Duplicate);
