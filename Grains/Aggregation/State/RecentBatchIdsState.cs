namespace LiveDash.Grains.Aggregation;

/// <summary>The stored form of the remembered batch ids: two parallel arrays, oldest first.</summary>
public sealed class RecentBatchIdsState
{
    /// <summary>The batch ids, oldest first.</summary>
    public string[] Ids { get; set; } = [];

    /// <summary>When each id was applied, Unix milliseconds, parallel to <see cref="Ids"/>.</summary>
    public long[] AppliedAtMs { get; set; } = [];
}
