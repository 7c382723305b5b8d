using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>A grain that keeps its values as a journal: one append per call.</summary>
public interface IJournaledTallyGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="value"/> to the journal and returns every value so far.</summary>
    Task<List<int>> AddAsync(int value);

    /// <summary>Returns every value so far, as rebuilt when the grain activated and changed since.</summary>
    Task<List<int>> GetAsync();

    /// <summary>The silo the activation runs on.</summary>
    Task<string> GetSiloAsync();
}
