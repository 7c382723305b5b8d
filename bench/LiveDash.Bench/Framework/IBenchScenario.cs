namespace LiveDash.Bench.Framework;

/// <summary>
/// One benchmark scenario: a piece of work measured in one or more variants, one of which is the
/// baseline the others are compared with in the same run.
/// </summary>
internal interface IBenchScenario
{
    /// <summary>The name typed on the command line (<c>./livedash bench calls</c>).</summary>
    string Name { get; }

    /// <summary>One line saying what is measured, shown by <c>./livedash bench list</c>.</summary>
    string Description { get; }

    /// <summary>Measures every variant and returns one row per variant and parameter set.</summary>
    Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context);
}
