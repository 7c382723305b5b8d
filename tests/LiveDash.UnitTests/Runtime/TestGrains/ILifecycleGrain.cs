using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Records call:key and returns the activation's serial number (1 for the first activation of the key).</summary>
    Task<int> CallAsync();

    /// <summary>Asks for deactivation after this turn.</summary>
    Task DeactivateAsync();
}
