namespace LiveDash.Bench.Measuring;

/// <summary>Where a measurement stands; workers only count operations that complete while <see cref="Timed"/>.</summary>
internal enum MeasurementPhase
{
    WarmUp,
    Timed,
    Stopped,
}
