using Xunit;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>
/// Allocation tests run alone, after the parallel tests: while other tests keep the JIT busy the runtime
/// postpones tier-1 compilation, and tier-0 code allocates where optimised code does not.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation measurements";
}
