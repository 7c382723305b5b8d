namespace LiveDash.Bench.Framework;

/// <summary>A scenario-specific column of a result row, already formatted (e.g. <c>p99 µs</c>).</summary>
internal sealed record BenchColumn(string Header, string Value);
