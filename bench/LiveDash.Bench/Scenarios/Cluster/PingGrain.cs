using LiveDash.Runtime;

namespace LiveDash.Bench.Scenarios.Cluster;

/// <summary>Answers <c>argument + 1</c> at once: no state, no await, so a call measures only the runtime.</summary>
[GrainType(GrainTypeName)]
public sealed class PingGrain : Grain, IPingGrain
{
    /// <summary>The grain type in <see cref="GrainId"/>s, used to pick keys by owner.</summary>
    public const string GrainTypeName = "bench-ping";

    public Task<int> PingAsync(int argument) => Task.FromResult(argument + 1);
}
