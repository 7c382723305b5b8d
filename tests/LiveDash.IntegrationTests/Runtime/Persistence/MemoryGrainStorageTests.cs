using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>The storage specification run against <see cref="MemoryGrainStorage"/>.</summary>
public sealed class MemoryGrainStorageTests : GrainStorageSpecification
{
    protected override IGrainStorage CreateStorage() => new MemoryGrainStorage(CreateSerializer());
}
