using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public interface IPersistentCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the stored total, writes it, returns it.</summary>
    Task<int> AddAsync(int amount);

    Task<int> GetAsync();

    Task DeactivateAsync();
}
