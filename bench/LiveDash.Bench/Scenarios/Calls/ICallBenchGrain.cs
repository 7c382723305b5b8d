using LiveDash.Runtime;

namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>The grain the <c>calls</c> scenario calls: the same work as the channel baseline's consumer.</summary>
public interface ICallBenchGrain : IGrainWithStringKey
{
    Task<int> AddOneAsync(int argument);
}
