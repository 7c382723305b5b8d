using System.Reflection;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Messaging.Remote;

namespace LiveDash.Runtime.Invocation;

/// <summary>A grain method whose awaited result is <typeparamref name="TResult"/> (<see cref="NoResult"/> for none).</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    private readonly Func<object, object?[], CancellationToken, ValueTask<TResult>> _invoker;

    public GrainMethod(
        MethodInfo methodInfo,
        ReturnKind returnKind,
        Func<object, object?[], CancellationToken, ValueTask<TResult>> invoker)
        : base(methodInfo, returnKind)
    {
        _invoker = invoker;
    }

    /// <inheritdoc />
    public override Type ResultType => typeof(TResult);

    /// <summary>Runs the method on <paramref name="grain"/>; <paramref name="cancellationToken"/> fills the method's token parameter.</summary>
    public ValueTask<TResult> Invoke(object grain, object?[] arguments, CancellationToken cancellationToken)
        => _invoker(grain, arguments, cancellationToken);

    /// <inheritdoc />
    public override object Call(GrainCallDispatcher dispatcher, GrainId target, object?[] arguments)
    {
        var callerToken = CancellationTokenIndex >= 0 ? (CancellationToken)arguments[CancellationTokenIndex]! : default;
        var request = new GrainRequest<TResult>(this, target, arguments, callerToken);
        dispatcher.Send(request);
        var task = request.Task;
        return ReturnKind switch
        {
            ReturnKind.TaskOfResult or ReturnKind.Task => task,
            ReturnKind.ValueTaskOfResult => new ValueTask<TResult>(task),
            _ => new ValueTask(task),
        };
    }

    /// <inheritdoc />
    public override GrainRequest CreateIncomingRequest(GrainId target, object?[] arguments, IGrainResponseSink sink)
        => new GrainRequest<TResult>(this, target, arguments, sink);
}
