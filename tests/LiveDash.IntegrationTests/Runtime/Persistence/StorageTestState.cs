namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>A small grain state with nested collections, so round trips exercise more than scalars.</summary>
public sealed class StorageTestState
{
    public string Name { get; set; } = string.Empty;

    public List<int> Values { get; set; } = new();

    public Dictionary<string, double> Labels { get; set; } = new();
}
