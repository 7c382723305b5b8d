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
        var failures = new List<string>();

        if (options.MaxWritesPerCommit is < 1 or > SqliteGrainStorageOptions.MaxWritesPerCommitLimit)
        {
            failures.Add($"{section} MaxWritesPerCommit must be between 1 and {SqliteGrainStorageOptions.MaxWritesPerCommitLimit}; it was {options.MaxWritesPerCommit}.");
        }

        if (options.MaxPendingWrites is < 1 or > SqliteGrainStorageOptions.MaxPendingWritesLimit)
        {
            failures.Add($"{section} MaxPendingWrites must be between 1 and {SqliteGrainStorageOptions.MaxPendingWritesLimit}; it was {options.MaxPendingWrites}.");
        }

        var connectionFailure = CheckConnectionString(section, options.ConnectionString);
        if (connectionFailure is not null)
        {
            failures.Add(connectionFailure);
        }

        return failures;
    }

    // Messages quote only the Data Source, never the whole connection string: it may hold a password.
    private static string? CheckConnectionString(string section, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{section} ConnectionString must name a database file (Data Source=...); it was empty.";
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"{section} ConnectionString could not be parsed: {ex.Message}";
        }

        // Reads use their own connections, which would each see a different private in-memory database.
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(builder.DataSource)
            || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal))
        {
            return $"{section} ConnectionString must name a database file; its Data Source was '{builder.DataSource}' (Mode={builder.Mode}). Use AddMemoryGrainStorage for state kept in memory.";
        }

        return null;
    }
}
