using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Runtime.Activation;

/// <summary>
/// What the runtime knows about one grain class, worked out once at start: its grain type name,
/// whether it is reentrant, a compiled constructor, and the persistent states its constructor asks for.
/// </summary>
internal sealed class GrainClassInfo
{
    private static readonly MethodInfo s_createState = typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ObjectFactory _factory;
    private readonly PersistentStateParameter[] _states;

    public GrainClassInfo(Type classType)
    {
        if (classType.IsAbstract || !typeof(Grain).IsAssignableFrom(classType))
        {
            throw new InvalidOperationException($"{classType.FullName} cannot be a grain class: it must be a non-abstract class deriving from Grain.");
        }

        ClassType = classType;
        GrainType = GetGrainTypeName(classType);
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        GrainInterfaces = classType.GetInterfaces()
            .Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain) && i != typeof(IGrainWithStringKey))
            .ToArray();

        var constructor = classType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {classType.FullName} has no public constructor.");
        _states = constructor.GetParameters()
            .Where(p => p.IsDefined(typeof(PersistentStateAttribute)))
            .Select(p => PersistentStateParameter.For(classType, p))
            .ToArray();
        _factory = ActivatorUtilities.CreateFactory(classType, _states.Select(s => s.ParameterType).ToArray());
    }

    /// <summary>The grain type name used in grain ids and storage.</summary>
    public string GrainType { get; }

    public Type ClassType { get; }

    public bool IsReentrant { get; }

    /// <summary>The grain interfaces the class implements (the markers excluded).</summary>
    public IReadOnlyList<Type> GrainInterfaces { get; }

    /// <summary>Constructs the grain for <paramref name="activation"/> with its dependencies and states (states not yet read).</summary>
    public (Grain Grain, IReadOnlyList<IPersistentStateLoader> States) Create(IServiceProvider services, ActivationData activation)
    {
        var states = new object[_states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = _states[i].Create(services, activation);
        }

        var grain = (Grain)_factory(services, states);
        return (grain, states.Cast<IPersistentStateLoader>().ToArray());
    }

    private static string GetGrainTypeName(Type classType)
    {
        var attribute = classType.GetCustomAttribute<GrainTypeAttribute>(inherit: false);
        if (attribute is not null)
        {
            return attribute.Name;
        }

        var name = classType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Bound to an object-returning delegate, one per state type.")]
    private static object CreateState<TState>(string stateName, string storageName, IServiceProvider services, ActivationData activation)
        where TState : new()
    {
        var storage = services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException(
                $"Grain {activation.GrainId} keeps state '{stateName}' in grain storage '{storageName}', but no storage of that name is registered " +
                "(register one with AddMemoryGrainStorage or AddSqliteGrainStorage).");
        return new PersistentState<TState>(stateName, storage, activation);
    }

    /// <summary>A constructor parameter marked <see cref="PersistentStateAttribute"/>, with a compiled factory for its state object.</summary>
    private sealed record PersistentStateParameter(Type ParameterType, Func<IServiceProvider, ActivationData, object> Create)
    {
        public static PersistentStateParameter For(Type classType, ParameterInfo parameter)
        {
            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' of {classType.FullName} is marked [PersistentState] but its type is {type.Name}; it must be IPersistentState<T>.");
            }

            var attribute = parameter.GetCustomAttribute<PersistentStateAttribute>()!;
            var create = s_createState.MakeGenericMethod(type.GetGenericArguments()[0])
                .CreateDelegate<Func<string, string, IServiceProvider, ActivationData, object>>();
            return new PersistentStateParameter(type, (services, activation) => create(attribute.StateName, attribute.StorageName, services, activation));
        }
    }
}
