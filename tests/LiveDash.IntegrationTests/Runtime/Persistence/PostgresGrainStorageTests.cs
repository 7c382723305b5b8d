using LiveDash.IntegrationTests.Postgres;
using LiveDash.Runtime;
using LiveDash.Runtime.Postgres;
using Npgsql;
using Xunit;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>
/// The storage specification run against <see cref="PostgresGrainStorage"/> on the run's throwaway
/// server, a fresh database per test, plus what only a group-committing provider has to show.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture fixture) : GroupCommitStorageSpecification
{
    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public override async Task InitializeAsync()
    {
        _connectionString = await fixture.CreateDatabaseAsync("grains");
        await base.InitializeAsync();
    }

    protected override IGrainStorage CreateStorage() => Open();

    [Fact]
    public async Task WriteState_ConcurrentWritesOfDifferentGrains_CommittedInFewerRoundTripsAndDurable()
    {
        const int Writers = 64;
        await ((IAsyncDisposable)Storage).DisposeAsync();

        // The writer starts only once every write is queued, so the grouping is deterministic:
        // 64 writes, at most 16 per group, make exactly 4 round trips.
        await using var storage = Open(startWriter: false, configure: options => options.MaxWritesPerCommit = 16);
        var states = Enumerable.Range(0, Writers).Select(i => Sample("grain-" + i, i)).ToArray();
        var writes = states.Select((state, i) => storage.WriteStateAsync(StateName, Grain("g" + i), state, CancellationToken.None)).ToArray();
        Assert.All(writes, write => Assert.False(write.IsCompleted, "no write may complete before the writer starts"));

        storage.StartWriter();
        await Task.WhenAll(writes).WithTimeout($"{Writers} queued writes to commit");

        Assert.Equal(Writers / 16, storage.CommitCount);
        Assert.Equal(Writers, storage.CommittedRequestCount);

        // Another provider, on connections of its own, reads what the completed writes stored.
        await using var reader = Open();
        for (var i = 0; i < Writers; i++)
        {
            var read = await ReadAsync(reader, Grain("g" + i));
            Assert.True(read.RecordExists);
            Assert.Equal(states[i].ETag, read.ETag);
            AssertSameContent(states[i].State, read.State);
        }
    }

    [Fact]
    public async Task WriteState_ConcurrentWritersWhileRunning_ShareCommits()
    {
        const int Writers = 64;
        const int WritesEach = 5;
        var provider = (PostgresGrainStorage)Storage;
        var before = provider.CommitCount;

        // Each writer owns one grain and writes it again as soon as its last write completed, as
        // activations do: while one group commits, the next one fills.
        var writers = Enumerable.Range(0, Writers).Select(async i =>
        {
            var state = Sample("w" + i, i);
            for (var n = 0; n < WritesEach; n++)
            {
                state.State.Values.Add(n);
                await provider.WriteStateAsync(StateName, Grain("w" + i), state, CancellationToken.None);
            }

            return state;
        }).ToArray();
        var states = await Task.WhenAll(writers).WithTimeout($"{Writers} writers to write {WritesEach} times each");

        var commits = provider.CommitCount - before;
        Assert.True(commits < Writers * WritesEach, $"expected fewer than {Writers * WritesEach} commits for as many writes, got {commits}");
        for (var i = 0; i < Writers; i++)
        {
            var read = await ReadAsync(Grain("w" + i));
            Assert.Equal(states[i].ETag, read.ETag);
            Assert.Equal(WritesEach.ToString(System.Globalization.CultureInfo.InvariantCulture), read.ETag);
        }
    }

    [Fact]
    public async Task WriteState_SameRecordTwiceInOneGroup_SecondSeesFirst()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();
        await using var storage = Open(startWriter: false);
        var first = Sample("first", 1);
        var intruder = Sample("intruder", 2);

        // Two activations of one grain (a stale owner and a new one) both present "no record".
        var winner = storage.WriteStateAsync(StateName, Grain("cpu"), first, CancellationToken.None);
        var loser = storage.WriteStateAsync(StateName, Grain("cpu"), intruder, CancellationToken.None);
        storage.StartWriter();

        await winner.WithTimeout("the first queued write to commit");
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => loser.WithTimeout("the second write to be rejected"));
        Assert.Equal("1", ex.StoredEtag);
        Assert.Equal("first", (await ReadAsync(storage, Grain("cpu"))).State.Name);
    }

    [Fact]
    public async Task WriteState_UnknownEtagFormat_IsRejectedWithStoredEtag()
    {
        var state = Sample("cpu", 1);
        await WriteAsync(Grain("cpu"), state);
        var forged = Sample("forged", 2);
        forged.ETag = "01";

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(Grain("cpu"), forged));

        Assert.Equal(state.ETag, ex.StoredEtag);
        Assert.Equal("cpu", (await ReadAsync(Grain("cpu"))).State.Name);
    }

    [Fact]
    public async Task Providers_StartingTogetherOnEmptyDatabase_AllCreateSchemaAndWrite()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();
        var silos = Enumerable.Range(0, 8).Select(_ => Open()).ToArray();
        try
        {
            // Eight silos' first writes race to create the table.
            await Task.WhenAll(silos.Select((storage, i) => storage.WriteStateAsync(StateName, Grain("s" + i), Sample("s" + i, i), CancellationToken.None)))
                .WithTimeout("every silo's first write");

            for (var i = 0; i < silos.Length; i++)
            {
                Assert.True((await ReadAsync(silos[0], Grain("s" + i))).RecordExists);
            }
        }
        finally
        {
            foreach (var storage in silos)
            {
                await storage.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WriteState_DatabaseUnreachable_FailsWithTheConnectionError()
    {
        await ((IAsyncDisposable)Storage).DisposeAsync();

        // Nothing listens on port 1 of the loopback address.
        await using var storage = Open(configure: options => options.ConnectionString = "Host=127.0.0.1;Port=1;Username=livedash;Timeout=5");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => storage.WriteStateAsync(StateName, Grain("cpu"), Sample("cpu", 1), CancellationToken.None).WithTimeout("the write to fail"));
    }

    protected override IGrainStorage OpenProvider(bool startWriter = true, int? maxPendingWrites = null)
        => Open(startWriter, options => options.MaxPendingWrites = maxPendingWrites ?? options.MaxPendingWrites);

    protected override void StartWriter(IGrainStorage storage) => ((PostgresGrainStorage)storage).StartWriter();

    protected override long CommitCount(IGrainStorage storage) => ((PostgresGrainStorage)storage).CommitCount;

    private PostgresGrainStorage Open(bool startWriter = true, Action<PostgresGrainStorageOptions>? configure = null)
    {
        var options = new PostgresGrainStorageOptions { ConnectionString = ConnectionString };
        configure?.Invoke(options);
        return new PostgresGrainStorage(GrainStorageNames.Default, options, CreateSerializer(), logger: null, timeProvider: null, startWriter);
    }
}
