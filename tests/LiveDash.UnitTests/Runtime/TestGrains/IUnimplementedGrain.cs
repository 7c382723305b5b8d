using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>A grain interface no class implements.</summary>
public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task DoAsync();
}
