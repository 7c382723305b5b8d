using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>The journal specification run against <see cref="MemoryGrainStorage"/>.</summary>
public sealed class MemoryJournalStorageTests : JournalStorageSpecification
{
    protected override IJournalStorage CreateStorage() => new MemoryGrainStorage(CreateSerializer());
}
