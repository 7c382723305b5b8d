using LiveDash.IntegrationTests.Postgres;
using LiveDash.Runtime;
using LiveDash.Runtime.Postgres;
using Npgsql;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// The journal specification run against <see cref="PostgresGrainStorage"/> on the run's throwaway
/// server, a fresh database per test.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalStorageTests(PostgresFixture fixture) : GroupCommitJournalSpecification
{
    private string? _connectionString;

    public override async Task InitializeAsync()
    {
        _connectionString = await fixture.CreateDatabaseAsync("journals");
        await base.InitializeAsync();
    }

    protected override IJournalStorage CreateStorage() => OpenProvider();

    protected override IJournalStorage OpenProvider(bool startWriter = true)
        => new PostgresGrainStorage(
            GrainStorageNames.Default,
            new PostgresGrainStorageOptions { ConnectionString = _connectionString ?? throw new InvalidOperationException("InitializeAsync has not run.") },
            CreateSerializer(),
            logger: null,
            timeProvider: null,
            startWriter);

    protected override void StartWriter(IJournalStorage storage) => ((PostgresGrainStorage)storage).StartWriter();

    protected override long CommitCount(IJournalStorage storage) => ((PostgresGrainStorage)storage).CommitCount;

    protected override async Task<long> CountStoredRowsAsync(GrainId id)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM grain_journal_entry WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id.Type });
        command.Parameters.Add(new NpgsqlParameter { Value = id.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = JournalName });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
