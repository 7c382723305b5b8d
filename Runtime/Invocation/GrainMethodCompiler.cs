using System.Linq.Expressions;
using System.Reflection;

namespace LiveDash.Runtime.Invocation;

/// <summary>
/// Builds a <see cref="GrainMethod"/> for an interface method: checks its shape and compiles the
/// silo-side invoker <c>(grain, args, token) =&gt; ((IFoo)grain).Method((T0)args[0], token)</c>
/// once, so dispatch is a delegate call rather than reflection.
/// </summary>
internal static class GrainMethodCompiler
{
    private static readonly MethodInfo s_fromTask = typeof(ReturnAdapters).GetMethod(nameof(ReturnAdapters.FromTask))!;
    private static readonly MethodInfo s_fromValueTask = typeof(ReturnAdapters).GetMethod(nameof(ReturnAdapters.FromValueTask))!;
    private static readonly MethodInfo s_compileTyped = typeof(GrainMethodCompiler).GetMethod(nameof(CompileTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static GrainMethod Compile(MethodInfo method)
    {
        var (kind, resultType) = Classify(method);
        var parameters = method.GetParameters();
        if (parameters.Count(p => p.ParameterType == typeof(CancellationToken)) > 1)
        {
            throw InvalidMethod(method, "it takes more than one CancellationToken");
        }

        if (parameters.Any(p => p.ParameterType.IsByRef))
        {
            throw InvalidMethod(method, "it has a ref, out or in parameter");
        }

        return (GrainMethod)s_compileTyped.MakeGenericMethod(resultType).Invoke(null, [method, kind])!;
    }

    private static GrainMethod<TResult> CompileTyped<TResult>(MethodInfo method, ReturnKind kind)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var arguments = method.GetParameters().Select((p, i) => p.ParameterType == typeof(CancellationToken)
            ? (Expression)token
            : Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, arguments);
        Expression body = kind switch
        {
            ReturnKind.TaskOfResult => Expression.New(typeof(ValueTask<TResult>).GetConstructor([typeof(Task<TResult>)])!, call),
            ReturnKind.ValueTaskOfResult => call,
            ReturnKind.Task => Expression.Call(s_fromTask, call),
            _ => Expression.Call(s_fromValueTask, call),
        };
        var invoker = Expression.Lambda<Func<object, object?[], CancellationToken, ValueTask<TResult>>>(body, grain, args, token).Compile();
        return new GrainMethod<TResult>(method, kind, invoker);
    }

    private static (ReturnKind Kind, Type ResultType) Classify(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(Task))
        {
            return (ReturnKind.Task, typeof(NoResult));
        }

        if (type == typeof(ValueTask))
        {
            return (ReturnKind.ValueTask, typeof(NoResult));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ReturnKind.TaskOfResult, type.GetGenericArguments()[0]);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ReturnKind.ValueTaskOfResult, type.GetGenericArguments()[0]);
        }

        throw InvalidMethod(method, $"it returns {type.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>");
    }

    private static InvalidOperationException InvalidMethod(MethodInfo method, string reason)
        => new($"Grain interface method {method.DeclaringType?.FullName}.{method.Name} cannot be called remotely: {reason}.");
}
