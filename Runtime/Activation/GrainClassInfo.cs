using System.Reflection;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Activation;

/// <summary>
/// What the runtime knows about one grain class, worked out once at start: its grain type name,
/// whether it is reentrant, a compiled constructor, and the persistent and journaled states its
/// constructor asks for.
/// </summary>
internal sealed class GrainClassInfo
{
    private static readonly MethodInfo s_createState = typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_createJournal = typeof(GrainClassInfo).GetMethod(nameof(CreateJournal), BindingFlags.NonPublic | BindingFlags.Static)!;

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
            .Where(p => p.IsDefined(typeof(PersistentStateAttribute)) || p.IsDefined(typeof(JournaledStateAttribute)))
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

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Bound to an object-returning delegate, one per journal type.")]
    private static object CreateJournal<TSnapshot, TEntry>(string stateName, string storageName, IServiceProvider services, ActivationData activation)
        where TSnapshot : class
    {
        // A provider may register itself as a keyed IJournalStorage; the built-in ones are registered
        // as IGrainStorage only and implement both, so the grain storage of that name is tried next.
        var journalStorage = services.GetKeyedService<IJournalStorage>(storageName);
        if (journalStorage is null)
        {
            var storage = services.GetKeyedService<IGrainStorage>(storageName)
                ?? throw new InvalidOperationException(
                    $"Grain {activation.GrainId} keeps journal '{stateName}' in grain storage '{storageName}', but no storage of that name is registered " +
                    "(register one with AddMemoryGrainStorage, AddSqliteGrainStorage or AddPostgresGrainStorage).");
            journalStorage = storage as IJournalStorage
                ?? throw new InvalidOperationException(
                    $"Grain {activation.GrainId} keeps journal '{stateName}' in grain storage '{storageName}', but that provider ({storage.GetType().Name}) " +
                    $"does not implement {nameof(IJournalStorage)}; use a provider that keeps journals (memory, SQLite, PostgreSQL) or a [PersistentState].");
        }

        // Options are registered (and validated at start) by the Add*GrainStorage extensions; a silo
        // that registered its storage another way gets the defaults.
        var options = services.GetService<IOptions<JournalOptions>>()?.Value;
        var policy = options is null ? JournalSnapshotPolicy.Default : new JournalSnapshotPolicy(options);
        return new JournaledState<TSnapshot, TEntry>(
            stateName,
            activation.GrainId,
            journalStorage,
            services.GetRequiredService<RuntimeJsonSerializer>(),
            policy,
            reason => _ = activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, reason)));
    }

    /// <summary>
    /// A constructor parameter marked <see cref="PersistentStateAttribute"/> or <see cref="JournaledStateAttribute"/>,
    /// with a compiled factory for its state object.
    /// </summary>
    private sealed record PersistentStateParameter(Type ParameterType, Func<IServiceProvider, ActivationData, object> Create)
    {
        public static PersistentStateParameter For(Type classType, ParameterInfo parameter)
        {
            var type = parameter.ParameterType;
            var journal = parameter.GetCustomAttribute<JournaledStateAttribute>();
            if (journal is not null)
            {
                if (parameter.IsDefined(typeof(PersistentStateAttribute)))
                {
                    throw new InvalidOperationException(
                        $"Parameter '{parameter.Name}' of {classType.FullName} is marked both [PersistentState] and [JournaledState]; choose one.");
                }

                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IJournaledState<,>))
                {
                    throw new InvalidOperationException(
                        $"Parameter '{parameter.Name}' of {classType.FullName} is marked [JournaledState] but its type is {type.Name}; it must be IJournaledState<TSnapshot, TEntry>.");
                }

                var createJournal = s_createJournal.MakeGenericMethod(type.GetGenericArguments())
                    .CreateDelegate<Func<string, string, IServiceProvider, ActivationData, object>>();
                return new PersistentStateParameter(type, (services, activation) => createJournal(journal.StateName, journal.StorageName, services, activation));
            }

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
