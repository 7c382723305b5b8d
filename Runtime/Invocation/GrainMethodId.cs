using System.Reflection;
using System.Text;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Placement;

namespace LiveDash.Runtime.Invocation;

/// <summary>
/// The number that names a grain method on the wire: a stable hash of the interface's full name, the
/// method's name and its parameter types, so every node (any build of the same interfaces) computes
/// the same id without a shared table.
/// </summary>
internal static class GrainMethodId
{
    public static string SignatureOf(MethodInfo method)
    {
        var text = new StringBuilder(method.DeclaringType!.FullName).Append('.').Append(method.Name).Append('(');
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(parameters[i].ParameterType.FullName);
        }

        return text.Append(')').ToString();
    }

    public static uint Of(MethodInfo method)
    {
        var hash = StableHash.Mix(StableHash.Of(SignatureOf(method)));
        return (uint)(hash ^ (hash >> 32));
    }
}
