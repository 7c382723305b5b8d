using Npgsql;

namespace LiveDash.Runtime.Postgres;

/// <summary>
/// Creates LiveDash's PostgreSQL tables when absent, safely when several silos start at once.
/// </summary>
/// <remarks>
/// <c>CREATE TABLE IF NOT EXISTS</c> alone is not enough: two sessions running it together can both
/// see "absent" and one then fails with a unique violation on the system catalogs. A transaction-scoped
/// advisory lock serialises schema creation across every process using the database; it is released
/// at commit, and the second session then finds the tables and does nothing.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key: "LDSCHEMA" in ASCII, unlikely to collide with other applications' keys.</summary>
    public const long AdvisoryLockKey = 0x4C44_5343_4845_4D41;

    /// <summary>Runs <paramref name="ddl"/> (idempotent statements) under the schema lock, in one transaction.</summary>
    public static async Task CreateIfAbsentAsync(NpgsqlDataSource dataSource, string ddl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(" + AdvisoryLockKey + ")", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
