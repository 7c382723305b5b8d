using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public sealed class SharedOneGrain : Grain, ISharedGrain
{
    public Task DoAsync() => Task.CompletedTask;
}
