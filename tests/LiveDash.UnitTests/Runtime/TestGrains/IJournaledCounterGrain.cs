using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public interface IJournaledCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the total and appends the amount to the journal; returns the total.</summary>
    Task<int> AddAsync(int amount);

    Task<int> GetAsync();

    Task DeactivateAsync();
}
