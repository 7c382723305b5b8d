using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace LiveDash.Runtime.Invocation;

/// <summary>
/// The compiled methods of one grain interface (inherited interfaces included), built on
/// first use and cached for the life of the process.
/// </summary>
internal sealed class GrainInterfaceDescriptor
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> s_cache = new();

    private readonly FrozenDictionary<MethodInfo, GrainMethod> _methods;

    private GrainInterfaceDescriptor(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IGrain).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException($"{interfaceType.FullName} is not a grain interface: it must be an interface deriving from IGrain.", nameof(interfaceType));
        }

        InterfaceType = interfaceType;
        // Methods of every inherited interface belong to the contract, grain interfaces or not.
        _methods = interfaceType.GetInterfaces().Append(interfaceType)
            .SelectMany(i => i.GetMethods())
            .ToFrozenDictionary(m => m, GrainMethodCompiler.Compile);
    }

    /// <summary>The grain interface.</summary>
    public Type InterfaceType { get; }

    /// <summary>Returns the descriptor of <paramref name="interfaceType"/>, building it once.</summary>
    public static GrainInterfaceDescriptor For(Type interfaceType) => s_cache.GetOrAdd(interfaceType, static t => new GrainInterfaceDescriptor(t));

    /// <summary>Every method of the interface, inherited ones included.</summary>
    public IEnumerable<GrainMethod> Methods => _methods.Values;

    /// <summary>The compiled method for <paramref name="method"/>.</summary>
    public GrainMethod GetMethod(MethodInfo method) => _methods[method];
}
