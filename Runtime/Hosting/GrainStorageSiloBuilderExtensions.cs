using LiveDash.Runtime.Postgres;
using LiveDash.Runtime.Serialization;
using LiveDash.Runtime.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>
/// Registers grain storage providers as keyed <see cref="IGrainStorage"/> singletons; grains name
/// the key in <see cref="PersistentStateAttribute"/> or <see cref="JournaledStateAttribute"/>.
/// </summary>
/// <remarks>
/// Every provider added here also implements <see cref="IJournalStorage"/>: a journaled state resolves
/// the keyed <see cref="IJournalStorage"/> of its storage name if one is registered, else the keyed
/// <see cref="IGrainStorage"/> of that name, cast. So nothing beyond these calls is needed for
/// journals. Each call also binds <see cref="JournalOptions"/> (section <c>LiveDash:Runtime:Journal</c>),
/// validated when the host starts.
/// </remarks>
public static class GrainStorageSiloBuilderExtensions
{
    /// <summary>Adds an in-process <see cref="MemoryGrainStorage"/>: state is lost when the silo stops.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's key (default <see cref="GrainStorageNames.Default"/>).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        AddSerializer(builder.Services);
        AddJournalOptions(builder.Services);
        builder.Services.AddKeyedSingleton<IGrainStorage>(
            name,
            static (services, _) => new MemoryGrainStorage(services.GetRequiredService<RuntimeJsonSerializer>()));
        return builder;
    }

    /// <summary>
    /// Adds a <see cref="SqliteGrainStorage"/>. Its options come from configuration section
    /// <c>LiveDash:Storage:SqliteOptions</c> (or <c>LiveDash:Storage:SqliteOptions:{name}</c> for a named provider),
    /// then <paramref name="configure"/>; they are validated when the host starts.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's key (default <see cref="GrainStorageNames.Default"/>).</param>
    /// <param name="configure">Adjusts the options after configuration is bound.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(
        this ISiloBuilder builder,
        string name = GrainStorageNames.Default,
        Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var services = builder.Services;
        AddSerializer(services);
        AddJournalOptions(services);

        var options = services.AddOptions<SqliteGrainStorageOptions>(name)
            .BindConfiguration(SqliteGrainStorageOptions.ConfigurationSectionFor(name));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());

        services.AddKeyedSingleton<IGrainStorage>(
            name,
            (provider, _) => new SqliteGrainStorage(
                name,
                provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
                provider.GetRequiredService<RuntimeJsonSerializer>(),
                provider.GetService<ILogger<SqliteGrainStorage>>(),
                provider.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>
    /// Adds a <see cref="PostgresGrainStorage"/>. Its options come from configuration section
    /// <c>LiveDash:Storage:PostgresOptions</c> (or <c>LiveDash:Storage:PostgresOptions:{name}</c> for a named provider),
    /// then <paramref name="configure"/>, which usually sets the connection string; they are validated
    /// when the host starts.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider's key (default <see cref="GrainStorageNames.Default"/>).</param>
    /// <param name="configure">Adjusts the options after configuration is bound.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ISiloBuilder AddPostgresGrainStorage(
        this ISiloBuilder builder,
        string name = GrainStorageNames.Default,
        Action<PostgresGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var services = builder.Services;
        AddSerializer(services);
        AddJournalOptions(services);

        var options = services.AddOptions<PostgresGrainStorageOptions>(name)
            .BindConfiguration(PostgresGrainStorageOptions.ConfigurationSectionFor(name));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PostgresGrainStorageOptions>, PostgresGrainStorageOptionsValidator>());

        services.AddKeyedSingleton<IGrainStorage>(
            name,
            (provider, _) => new PostgresGrainStorage(
                name,
                provider.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name),
                provider.GetRequiredService<RuntimeJsonSerializer>(),
                provider.GetService<ILogger<PostgresGrainStorage>>(),
                provider.GetService<TimeProvider>()));
        return builder;
    }

    private static void AddJournalOptions(IServiceCollection services)
    {
        // Once per service collection, however many providers are added: one section, one validation.
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<JournalOptions>)))
        {
            return;
        }

        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>();
    }

    private static void AddSerializer(IServiceCollection services)
    {
        services.AddOptions<SerializationOptions>();
        services.TryAddSingleton<RuntimeJsonSerializer>();
    }
}
