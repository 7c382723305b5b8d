using System.Reflection;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;

namespace LiveDash.Runtime.Invocation;

/// <summary>
/// One method of a grain interface, analysed once: its shape, and compiled delegates for both
/// ends of a call. The proxy and the activation use these; nothing reflects per call.
/// </summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo methodInfo, ReturnKind returnKind)
    {
        MethodInfo = methodInfo;
        ReturnKind = returnKind;
        var parameters = methodInfo.GetParameters();
        ParameterCount = parameters.Length;
        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
        DisplayName = methodInfo.DeclaringType!.Name + "." + methodInfo.Name;
        Id = GrainMethodId.Of(methodInfo);
        ArgumentTypes = [.. parameters.Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => p.ParameterType)];
    }

    /// <summary>The method's wire id (see <see cref="GrainMethodId"/>).</summary>
    public uint Id { get; }

    /// <summary>Types of the arguments that travel, in order: every parameter but the cancellation token.</summary>
    public Type[] ArgumentTypes { get; }

    /// <summary>The awaited result type (<see cref="NoResult"/> for none).</summary>
    public abstract Type ResultType { get; }

    /// <summary>The interface method.</summary>
    public MethodInfo MethodInfo { get; }

    /// <summary>The task shape the caller expects.</summary>
    public ReturnKind ReturnKind { get; }

    /// <summary>Number of parameters, the cancellation token included.</summary>
    public int ParameterCount { get; }

    /// <summary>Index of the <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    /// <summary><c>IInterface.Method</c>, for messages and logs.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// Sends a call with <paramref name="arguments"/> to <paramref name="target"/> and returns what the
    /// proxy hands to the caller: a task of the interface method's declared type.
    /// </summary>
    public abstract object Call(GrainCallDispatcher dispatcher, GrainId target, object?[] arguments);

    /// <summary>Creates the request for a call that arrived from another node (no caller token; <paramref name="sink"/> answers).</summary>
    public abstract GrainRequest CreateIncomingRequest(GrainId target, object?[] arguments, IGrainResponseSink sink);
}
