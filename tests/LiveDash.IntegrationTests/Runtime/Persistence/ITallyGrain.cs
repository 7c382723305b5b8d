using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>A grain whose whole state is persisted on every call.</summary>
public interface ITallyGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="value"/>, writes the state, and returns every value so far.</summary>
    Task<List<int>> AddAsync(int value);

    /// <summary>Returns every value so far, as read when the grain activated.</summary>
    Task<List<int>> GetAsync();
}
