using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>Operations the runtime regression tests need (see Regressions/RuntimeRegressionTests.cs).</summary>
public interface IRegressionOperations
{
    /// <summary>Records start:gate, waits for the test to open the gate, records end:gate.</summary>
    Task WaitAtGateAsync(string gate);

    /// <summary>Returns <see cref="RegressionAmbient.Value"/> as the grain code sees it.</summary>
    Task<string?> ReadAmbientAsync();

    /// <summary>Returns an already-completed ValueTask backed by an IValueTaskSource that records getresult:name when consumed.</summary>
    ValueTask CompletedSourceValueTaskAsync(string name);

    /// <summary>Starts a timer (due = period); its first tick calls Change(rescheduleDue, period). Ticks record tick:n.</summary>
    Task StartReschedulingTimerAsync(TimeSpan period, TimeSpan rescheduleDue);

    /// <summary>Records start:gate, waits at the gate, then calls PingAsync on itself through a grain reference.</summary>
    Task<string> WaitThenCallSelfAsync(string gate);

    /// <summary>Asks for deactivation after this turn.</summary>
    Task DeactivateAsync();

    ValueTask<string> PingAsync();
}

public interface IRegressionGrain : IRegressionOperations, IGrainWithStringKey
{
}

public interface IReentrantRegressionGrain : IRegressionOperations, IGrainWithStringKey
{
}

/// <summary>An ambient value (AsyncLocal) set by test callers.</summary>
public static class RegressionAmbient
{
    public static readonly AsyncLocal<string?> Value = new();
}
