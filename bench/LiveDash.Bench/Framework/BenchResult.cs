namespace LiveDash.Bench.Framework;

/// <summary>
/// One row of the result table. Rows of the same scenario with the same <see cref="Parameters"/>
/// are compared with the row of that group whose <see cref="IsBaseline"/> is set.
/// </summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Variant">What was measured, e.g. <c>channel</c>.</param>
/// <param name="Parameters">The load shape, e.g. <c>callers=64</c>; baselines are matched on it.</param>
/// <param name="IsBaseline">Whether this row is the reference of its group.</param>
/// <param name="OperationsPerSecond">Completed operations per second of the timed phase.</param>
/// <param name="AllocatedBytesPerOperation">Bytes allocated by the whole process during the timed phase, per operation.</param>
/// <param name="Extras">Optional scenario-specific columns.</param>
internal sealed record BenchResult(
    string Scenario,
    string Variant,
    string Parameters,
    bool IsBaseline,
    double OperationsPerSecond,
    double AllocatedBytesPerOperation,
    IReadOnlyList<BenchColumn> Extras);
