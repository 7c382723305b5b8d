using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>Implemented by two grain classes: ambiguous on purpose.</summary>
public interface ISharedGrain : IGrainWithStringKey
{
    Task DoAsync();
}
