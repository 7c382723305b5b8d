namespace LiveDash.Runtime.Activation;

/// <summary>The grain classes a silo hosts, filled by <c>AddGrains</c>/<c>AddGrain</c> on the silo builder.</summary>
internal sealed class GrainClassOptions
{
    public HashSet<Type> GrainClasses { get; } = [];
}
