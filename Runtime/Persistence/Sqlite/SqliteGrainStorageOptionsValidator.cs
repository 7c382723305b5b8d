using LiveDash.Runtime.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// Rejects SQLite grain storage options that cannot work, naming the option (by its configuration
/// path) and the bad value. Runs when the host starts and again when a provider is constructed.
/// </summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        var failures = Check(name ?? GrainStorageNames.Default, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure, if any.</summary>
    public static void ThrowIfInvalid(string name, SqliteGrainStorageOptions options)
    {
        var failures = Check(name, options);
        if (failures.Count != 0)
        {
            throw new OptionsValidationException(name, typeof(SqliteGrainStorageOptions), failures);
        }
    }

    private static List<string> Check(string name, SqliteGrainStorageOptions options)
    {
        var section = SqliteGrainStorageOptions.ConfigurationSectionFor(name);
        return new[]
        {
            OptionsRange.Check($"{section}:{nameof(options.MaxWritesPerCommit)}", options.MaxWritesPerCommit, 1, SqliteGrainStorageOptions.MaxWritesPerCommitLimit),
            OptionsRange.Check($"{section}:{nameof(options.MaxPendingWrites)}", options.MaxPendingWrites, 1, SqliteGrainStorageOptions.MaxPendingWritesLimit),
            CheckConnectionString($"{section}:{nameof(options.ConnectionString)}", options.ConnectionString),
        }.OfType<string>().ToList();
    }

    // Messages quote only the Data Source, never the whole connection string: it may hold a password.
    private static string? CheckConnectionString(string optionName, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{optionName} must name a database file (Data Source=...); it was empty.";
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"{optionName} could not be parsed: {ex.Message}";
        }

        // Reads use their own connections, which would each see a different private in-memory database.
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(builder.DataSource)
            || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal))
        {
            return $"{optionName} must name a database file; its Data Source was '{builder.DataSource}' (Mode={builder.Mode}). Use AddMemoryGrainStorage for state kept in memory.";
        }

        return null;
    }
}
