namespace LiveDash.Runtime;

/// <summary>What an activation needs of each injected persistent state: to read it before the grain activates.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
