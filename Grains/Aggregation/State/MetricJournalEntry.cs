namespace LiveDash.Grains.Aggregation;

/// <summary>
/// One entry of a metric grain's journal: a batch the grain applied and acknowledged, with the grain
/// clock reading it was applied at — all <see cref="MetricAggregator.Replay"/> needs to rebuild the
/// same state (windows, sketches and batch-id memory depend on that reading). Duplicates are not
/// journaled. Round-trips through <see cref="GrainJournalJsonContext"/>.
/// </summary>
public sealed class MetricJournalEntry
{
    /// <summary>The grain's clock when the batch was applied, Unix milliseconds.</summary>
    public long NowMs { get; set; }

    /// <summary>The batch as the grain received it (its batch id included, so a retry after a reload is still a duplicate).</summary>
    public MetricBatch Batch { get; set; } = new(null, []);
}
