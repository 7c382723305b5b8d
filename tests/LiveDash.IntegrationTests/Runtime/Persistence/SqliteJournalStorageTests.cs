using LiveDash.Runtime;
using LiveDash.Runtime.Sqlite;
using Microsoft.Data.Sqlite;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>The journal specification run against <see cref="SqliteGrainStorage"/> on a throwaway database file.</summary>
public sealed class SqliteJournalStorageTests : GroupCommitJournalSpecification
{
    // Not a TemporaryDirectory field: xunit ends this class through IAsyncLifetime, which CA1001 does not see.
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("livedash-tests-");

    public override async Task DisposeAsync()
    {
        // The provider is disposed first: it closes the database, so the files can go.
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    protected override IJournalStorage CreateStorage() => OpenProvider();

    private string ConnectionString => "Data Source=" + Path.Combine(_directory.FullName, "journals.db") + ";Pooling=False";

    protected override IJournalStorage OpenProvider(bool startWriter = true)
        => new SqliteGrainStorage(
            GrainStorageNames.Default,
            new SqliteGrainStorageOptions { ConnectionString = ConnectionString },
            CreateSerializer(),
            logger: null,
            timeProvider: null,
            startWriter);

    protected override void StartWriter(IJournalStorage storage) => ((SqliteGrainStorage)storage).StartWriter();

    protected override long CommitCount(IJournalStorage storage) => ((SqliteGrainStorage)storage).CommitCount;

    protected override async Task<long> CountStoredRowsAsync(GrainId id)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_journal_entry WHERE grain_type = @t AND grain_key = @k AND state_name = @s";
        command.Parameters.AddWithValue("@t", id.Type);
        command.Parameters.AddWithValue("@k", id.Key);
        command.Parameters.AddWithValue("@s", JournalName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
