namespace LiveDash.Runtime.Activation;

/// <summary>Activation lifetime options (configuration section <c>LiveDash:Runtime:GrainCollection</c>).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>Configuration section the silo binds these options from.</summary>
    public const string SectionName = "LiveDash:Runtime:GrainCollection";

    /// <summary>An activation that served no call for this long is deactivated. Default: 15 min (as Orleans). Range: 1 ms to 30 days.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often activations are checked for idleness. Default: 1 min. Range: 1 ms to 1 day.</summary>
    public TimeSpan CollectionScanPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping silo waits for all activations to deactivate (and persist). Default: 30 s. Range: 0 to 10 min.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
