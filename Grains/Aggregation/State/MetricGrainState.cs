namespace LiveDash.Grains.Aggregation;

/// <summary>
/// Everything a metric grain persists: its series and the batch ids it applied recently.
/// Round-trips losslessly through <see cref="GrainStateJsonContext"/>.
/// </summary>
public sealed class MetricGrainState
{
    /// <summary>The layout version written by this code.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The layout version of this record, so a later layout can migrate it instead of misreading it.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>
    /// The α the sketches were built with. Sketches with another α cannot be merged with new ones,
    /// so when the option changes the stored slices are dropped on load (they cover only 5 minutes).
    /// </summary>
    public double QuantileRelativeAccuracy { get; set; }

    /// <summary>The series, in canonical tag-set order.</summary>
    public SeriesState[] Series { get; set; } = [];

    /// <summary>Batch ids applied recently.</summary>
    public RecentBatchIdsState BatchIds { get; set; } = new();
}
