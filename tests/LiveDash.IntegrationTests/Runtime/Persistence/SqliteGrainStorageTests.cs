using LiveDash.Runtime;
using LiveDash.Runtime.Sqlite;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// The storage specification run against <see cref="SqliteGrainStorage"/> on a throwaway database
/// file, plus what only a durable, group-committing provider has to show.
/// </summary>
public sealed class SqliteGrainStorageTests : GroupCommitStorageSpecification
{
    // Not a TemporaryDirectory field: xunit ends this class through IAsyncLifetime, which CA1001 does not see.
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("livedash-tests-");

    private string DatabasePath => Path.Combine(_directory.FullName, "grains.db");

    public override async Task DisposeAsync()
    {
        // The provider is disposed first: it closes the database, so the files can go.
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    protected override IGrainStorage CreateStorage() => Open();

    [Fact]
    public async Task ReadState_NewProviderOnSameFile_ReadsWhatFirstWrote()
    {
        var kept = Sample("kept", 1, 2, 3);
        var cleared = Sample("cleared", 4);
        await WriteAsync(Grain("kept"), kept);
        await WriteAsync(Grain("cleared"), cleared);
        await ClearAsync(Grain("cleared"), cleared);
        await ((IAsyncDisposable)Storage).DisposeAsync();

        await using var reopened = Open();
        var readKept = await ReadAsync(reopened, Grain("kept"));
        var readCleared = await ReadAsync(reopened, Grain("cleared"));

        Assert.True(readKept.RecordExists);
        Assert.Equal(kept.ETag, readKept.ETag);
        AssertSameContent(kept.State, readKept.State);
        Assert.False(readCleared.RecordExists);
        Assert.Equal(cleared.ETag, readCleared.ETag);

        // The etag issued before the restart is still the current one.
        kept.State.Name = "kept after restart";
        await reopened.WriteStateAsync(StateName, Grain("kept"), kept, CancellationToken.None).WithTimeout("the write after restart");
        Assert.Equal("kept after restart", (await ReadAsync(reopened, Grain("kept"))).State.Name);
    }

    [Fact]
    public async Task Constructor_ParentDirectoryMissing_CreatesItAndTheDatabase()
    {
        var path = Path.Combine(_directory.FullName, "nested", "deeper", "grains.db");

        await using (var storage = Open(configure: options => options.ConnectionString = "Data Source=" + path))
        {
            await storage.WriteStateAsync(StateName, Grain("cpu"), Sample("cpu", 1), CancellationToken.None).WithTimeout("the write to the new database");
        }

        Assert.True(File.Exists(path), $"expected the database file at {path}");
    }

    protected override IGrainStorage OpenProvider(bool startWriter = true, int? maxPendingWrites = null)
        => Open(startWriter, options => options.MaxPendingWrites = maxPendingWrites ?? options.MaxPendingWrites);

    protected override void StartWriter(IGrainStorage storage) => ((SqliteGrainStorage)storage).StartWriter();

    protected override long CommitCount(IGrainStorage storage) => ((SqliteGrainStorage)storage).CommitCount;

    private SqliteGrainStorage Open(bool startWriter = true, Action<SqliteGrainStorageOptions>? configure = null)
    {
        var options = new SqliteGrainStorageOptions { ConnectionString = "Data Source=" + DatabasePath };
        configure?.Invoke(options);
        return new SqliteGrainStorage(GrainStorageNames.Default, options, CreateSerializer(), logger: null, timeProvider: null, startWriter);
    }
}
