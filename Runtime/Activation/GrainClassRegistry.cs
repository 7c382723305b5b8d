using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Activation;

/// <summary>
/// Maps grain type names to grain classes and grain interfaces to grain type names, built once
/// from the registered classes. Ambiguities fail the silo's start with a message naming both classes.
/// </summary>
internal sealed class GrainClassRegistry
{
    private readonly FrozenDictionary<string, GrainClassInfo> _byGrainType;
    private readonly FrozenDictionary<Type, List<GrainClassInfo>> _classesByInterface;

    public GrainClassRegistry(IOptions<GrainClassOptions> options)
    {
        var byGrainType = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        var byInterface = new Dictionary<Type, List<GrainClassInfo>>();
        foreach (var info in options.Value.GrainClasses.Select(t => new GrainClassInfo(t)))
        {
            if (byGrainType.TryGetValue(info.GrainType, out var existing))
            {
                throw new InvalidOperationException(
                    $"Grain classes {existing.ClassType.FullName} and {info.ClassType.FullName} both have grain type '{info.GrainType}'; give one a different [GrainType].");
            }

            byGrainType.Add(info.GrainType, info);
            foreach (var grainInterface in info.GrainInterfaces)
            {
                if (!byInterface.TryGetValue(grainInterface, out var implementations))
                {
                    byInterface[grainInterface] = implementations = [];
                }

                implementations.Add(info);
            }
        }

        _byGrainType = byGrainType.ToFrozenDictionary(StringComparer.Ordinal);
        _classesByInterface = byInterface.ToFrozenDictionary();
    }

    public IEnumerable<GrainClassInfo> Classes => _byGrainType.Values;

    public bool TryGetClass(string grainType, out GrainClassInfo grainClass)
        => _byGrainType.TryGetValue(grainType, out grainClass!);

    /// <summary>
    /// The grain type that implements <paramref name="grainInterface"/>. An interface implemented by
    /// several classes (a base interface, say) is ambiguous: call it through a more specific one.
    /// </summary>
    public string GetGrainType(Type grainInterface)
    {
        if (!_classesByInterface.TryGetValue(grainInterface, out var classes))
        {
            throw new InvalidOperationException(
                $"No grain class implementing {grainInterface.FullName} is registered with this silo (add its assembly with AddGrains).");
        }

        if (classes.Count > 1)
        {
            throw new InvalidOperationException(
                $"Grain interface {grainInterface.FullName} is implemented by several grain classes ({string.Join(", ", classes.Select(c => c.ClassType.FullName))}); " +
                "call the grain through an interface only one class implements.");
        }

        return classes[0].GrainType;
    }
}
