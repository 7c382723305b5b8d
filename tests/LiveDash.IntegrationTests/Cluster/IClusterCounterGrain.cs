using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>A persisted counter that says where it runs and whether its turns ever overlapped.</summary>
public interface IClusterCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/> and stores it before answering.</summary>
    Task<int> AddAsync(int amount);

    /// <summary>The stored total.</summary>
    Task<int> GetAsync();

    /// <summary>The address of the silo running this activation.</summary>
    Task<string> GetSiloAsync();

    /// <summary>A turn with awaits inside; returns how many turns this activation saw overlap so far.</summary>
    Task<int> TurnAsync();

    /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> (from whichever silo runs it).</summary>
    Task FailAsync(string message);
}
