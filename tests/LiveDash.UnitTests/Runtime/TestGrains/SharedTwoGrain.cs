using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public sealed class SharedTwoGrain : Grain, ISharedGrain
{
    public Task DoAsync() => Task.CompletedTask;
}
