using LiveDash.Runtime;

namespace LiveDash.Bench.Scenarios.Cluster;

/// <summary>The grain the <c>cluster</c> scenario calls across silos: one int there, one int back.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int argument);
}
