using LiveDash.Runtime;

namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>Answers <c>argument + 1</c>, like the channel baseline's single consumer.</summary>
public sealed class CallBenchGrain : Grain, ICallBenchGrain
{
    public Task<int> AddOneAsync(int argument) => Task.FromResult(argument + 1);
}
