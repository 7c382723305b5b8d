using System.Collections.Frozen;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Invocation;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>
/// Method id → method, for every grain interface this silo's grain classes implement: how a call
/// that arrived from another node finds what to run. Built once; two methods with the same id (a
/// hash collision) fail the silo's start.
/// </summary>
internal sealed class GrainMethodTable
{
    private readonly FrozenDictionary<uint, GrainMethod> _methods;

    public GrainMethodTable(GrainClassRegistry registry)
    {
        var methods = new Dictionary<uint, GrainMethod>();
        foreach (var grainInterface in registry.Classes.SelectMany(c => c.GrainInterfaces).Distinct())
        {
            foreach (var method in GrainInterfaceDescriptor.For(grainInterface).Methods)
            {
                if (methods.TryGetValue(method.Id, out var existing) && existing.MethodInfo != method.MethodInfo)
                {
                    throw new InvalidOperationException(
                        $"Grain methods {GrainMethodId.SignatureOf(existing.MethodInfo)} and {GrainMethodId.SignatureOf(method.MethodInfo)} " +
                        $"hash to the same wire id {method.Id}; rename one of them.");
                }

                methods[method.Id] = method;
            }
        }

        _methods = methods.ToFrozenDictionary();
    }

    public bool TryGet(uint id, out GrainMethod method) => _methods.TryGetValue(id, out method!);
}
