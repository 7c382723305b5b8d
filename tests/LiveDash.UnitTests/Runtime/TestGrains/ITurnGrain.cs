using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>The calls shared by the reentrant and non-reentrant turn grains.</summary>
public interface ITurnOperations
{
    /// <summary>Enters, yields four times, leaves; returns the number of calls so far.</summary>
    Task<int> EnterAsync();

    /// <summary>The most turns ever seen inside <see cref="EnterAsync"/> at once.</summary>
    Task<int> GetMaxConcurrencyAsync();

    /// <summary>Whether two threads were ever inside the grain at the same instant.</summary>
    Task<bool> SawParallelExecutionAsync();

    /// <summary>Records start:gate, waits for the test to open the gate, records end:gate.</summary>
    Task WaitAtGateAsync(string gate);

    /// <summary>Records ping.</summary>
    ValueTask<string> PingAsync();
}

public interface ITurnGrain : ITurnOperations, IGrainWithStringKey
{
}
