using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LiveDash.Runtime.Postgres;

/// <summary>
/// Rejects PostgreSQL grain storage options that cannot work, naming the option (by its configuration
/// path) and the bad value. Runs when the host starts and again when a provider is constructed.
/// </summary>
internal sealed class PostgresGrainStorageOptionsValidator : IValidateOptions<PostgresGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgresGrainStorageOptions options)
    {
        var failures = Check(name ?? GrainStorageNames.Default, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure, if any.</summary>
    public static void ThrowIfInvalid(string name, PostgresGrainStorageOptions options)
    {
        var failures = Check(name, options);
        if (failures.Count != 0)
        {
            throw new OptionsValidationException(name, typeof(PostgresGrainStorageOptions), failures);
        }
    }

    private static List<string> Check(string name, PostgresGrainStorageOptions options)
    {
        var section = PostgresGrainStorageOptions.ConfigurationSectionFor(name);
        return new[]
        {
            OptionsRange.Check($"{section}:{nameof(options.MaxWritesPerCommit)}", options.MaxWritesPerCommit, 1, PostgresGrainStorageOptions.MaxWritesPerCommitLimit),
            OptionsRange.Check($"{section}:{nameof(options.MaxPendingWrites)}", options.MaxPendingWrites, 1, PostgresGrainStorageOptions.MaxPendingWritesLimit),
            OptionsRange.Check($"{section}:{nameof(options.MaxConnections)}", options.MaxConnections, 2, 1000),
            CheckConnectionString($"{section}:{nameof(options.ConnectionString)}", options.ConnectionString),
        }.OfType<string>().ToList();
    }

    /// <summary>Checks an Npgsql connection string; messages never quote it (it may hold a password).</summary>
    internal static string? CheckConnectionString(string optionName, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{optionName} must be an Npgsql connection string (Host=...;Database=...;Username=...); it was empty.";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"{optionName} could not be parsed as an Npgsql connection string: {ex.Message}";
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? $"{optionName} must name a Host (Host=...); it named none."
            : null;
    }
}
