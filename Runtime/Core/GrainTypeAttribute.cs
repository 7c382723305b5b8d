namespace LiveDash.Runtime;

/// <summary>
/// Names a grain class's type in <see cref="GrainId"/>s, storage rows and (later) the wire.
/// Without it the name is the class name, lower-cased, without a trailing "Grain"
/// (<c>MetricGrain</c> → <c>metric</c>), as Orleans does. Renaming a class without this
/// attribute orphans its stored state, so long-lived grains should set it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute : Attribute
{
    /// <summary>Sets the grain type name.</summary>
    public GrainTypeAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The grain type name.</summary>
    public string Name { get; }
}
