using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public interface ICallBehaviourGrain : IGrainWithStringKey
{
    Task ThrowBeforeAwaitAsync(string message);

    Task<int> ThrowAfterAwaitAsync(string message);

    /// <summary>Records waiting, then waits until the token is cancelled and records cancelled.</summary>
    Task WaitForCancellationAsync(CancellationToken cancellationToken);

    /// <summary>Records ran.</summary>
    Task RunAsync();

    /// <summary>Calls another grain and returns its answer.</summary>
    Task<string> ForwardPingAsync(string turnGrainKey);
}
