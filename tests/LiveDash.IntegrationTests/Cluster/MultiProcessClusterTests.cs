using System.Diagnostics;
using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using LiveDash.IntegrationTests.Postgres;
using LiveDash.IntegrationTests.Processes;
using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>
/// The cluster as it runs in production: real <c>LiveDash.Silo</c> processes configured by
/// environment variables, membership and grain state in PostgreSQL, and a cluster client in the
/// test. Unlike tests on <see cref="LiveDash.TestingHost.TestCluster"/>, a crash here is a real <c>kill -9</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiProcessClusterTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The failure-detection bound the membership defaults promise (README, MembershipOptions).</summary>
    private static readonly TimeSpan s_detectionBound = TimeSpan.FromSeconds(10);

    // A silo process starts in about a second; a loaded CI machine gets generous room.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];
    private IHost? _client;
    private bool _passed;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task KilledSiloProcess_ItsBoardsAnswerFromTheOtherSiloWithinTheBound_WithStoredState()
    {
        var connectionString = await postgres.CreateDatabaseAsync("procs");
        var clusterId = "procs-" + Guid.NewGuid().ToString("N")[..8];

        // One silo at a time, so each new Active silo in the client's view is known to be the
        // process just started (with port 0 nothing else tells which address is whose).
        var survivorProcess = StartSilo("silo-a", connectionString, clusterId);
        var client = await StartClientAsync(connectionString, clusterId);
        var membership = client.Services.GetRequiredService<ClusterMembershipService>();
        var survivor = Assert.Single((await UnlessASiloExitsAsync(membership.WaitForViewAsync(v => v.ActiveSilos.Length == 1, s_startTimeout, "silo-a Active"))).ActiveSilos);
        var victimProcess = StartSilo("silo-b", connectionString, clusterId);
        var both = await UnlessASiloExitsAsync(membership.WaitForViewAsync(v => v.ActiveSilos.Length == 2, s_startTimeout, "silo-a and silo-b Active"));
        var victim = both.ActiveSilos.Single(s => s != survivor);

        var factory = client.Services.GetRequiredService<IClusterClient>();
        var boards = Enumerable.Range(0, 100).Select(i => $"procs-{i}").ToList();
        var written = await Task.WhenAll(boards.Select((board, i) => factory.GetGrain<IScoreboardGrain>(board).ApplyAsync(new BoardCommand(
            Title: $"Match {i}",
            Set: new Dictionary<string, long> { ["home"] = i, ["away"] = 1000 - i }))));
        var orphaned = boards.Where(b => membership.CurrentView.GetOwner(new GrainId("scoreboard", b)) == victim).ToList();
        Assert.NotEmpty(orphaned);
        Assert.NotEqual(boards.Count, orphaned.Count);

        var clock = Stopwatch.StartNew();
        victimProcess.Kill();
        var after = await membership.WaitForViewAsync(v => !v.IsActive(victim), s_detectionBound, "the client's view to drop the killed silo-b");
        var answers = await Task.WhenAll(boards.Select(b => factory.GetGrain<IScoreboardGrain>(b).GetSnapshotAsync()));
        var recovery = clock.Elapsed;

        Assert.True(recovery < s_detectionBound, $"Every board answered again {recovery.TotalSeconds:0.0} s after the kill; the bound is {s_detectionBound.TotalSeconds} s.");
        Assert.Equal(written.Select(w => Describe(w.Data)), answers.Select(a => Describe(a.Data)));
        Assert.Equal(survivor, Assert.Single(after.ActiveSilos));
        Assert.True(victimProcess.HasExited, $"{victimProcess} should have died.");
        Assert.False(survivorProcess.HasExited, $"{survivorProcess} should still run.");
        output.WriteLine($"{orphaned.Count} of {boards.Count} boards were on the killed silo; all answered {recovery.TotalSeconds:0.00} s after the kill.");
        _passed = true;
    }

    public async Task DisposeAsync()
    {
        // The processes go first: nothing below may leave one running.
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        if (!_passed)
        {
            foreach (var silo in _silos)
            {
                output.WriteLine($"--- {silo.Name} output ---");
                output.WriteLine(silo.Output);
            }
        }

        if (_client is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _client.StopAsync(stopping.Token);
            _client.Dispose();
        }
    }

    /// <summary>What a board snapshot holds, as one comparable line.</summary>
    private static string Describe(BoardSnapshot board)
        => $"{board.Board} '{board.Title}': {string.Join(", ", board.Entries.Select(e => $"{e.Rank}. {e.Id}={e.Score}"))}";

    private SiloProcess StartSilo(string name, string connectionString, string clusterId)
    {
        var silo = SiloProcess.Start(name, new Dictionary<string, string>
        {
            ["LiveDash__Cluster__Provider"] = "postgres",
            ["LiveDash__Cluster__Postgres"] = connectionString,
            ["LiveDash__Cluster__ClusterId"] = clusterId,
            ["LiveDash__Silo__Port"] = "0",
            ["LiveDash__Demo"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        });
        _silos.Add(silo);
        return silo;
    }

    /// <summary>A cluster client on the same membership table; its start returns once a silo is Active.</summary>
    private async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LiveDash:Cluster:ClusterId"] = clusterId });
        builder.UseLiveDashClient(c => c.UsePostgresClustering(connectionString).AddGrainTypes(typeof(LiveDashSiloBuilderExtensions).Assembly));
        builder.Services.Configure<SerializationOptions>(o => o.TypeInfoResolvers.Add(GrainsJsonContext.Default));
        _client = builder.Build();

        using var starting = new CancellationTokenSource(s_startTimeout);
        try
        {
            await UnlessASiloExitsAsync(_client.StartAsync(starting.Token));
        }
        catch (OperationCanceledException) when (starting.IsCancellationRequested)
        {
            throw new TimeoutException($"The cluster client found no Active silo within {s_startTimeout.TotalSeconds} s.");
        }

        return _client;
    }

    /// <summary>Awaits <paramref name="task"/>, failing at once (instead of at its timeout) if a silo process exits meanwhile.</summary>
    private async Task UnlessASiloExitsAsync(Task task)
    {
        var exited = Task.WhenAny(_silos.Select(s => s.Exited));
        if (await Task.WhenAny(task, exited) != task)
        {
            throw new InvalidOperationException($"A silo process exited early: {string.Join("; ", _silos.Where(s => s.HasExited))}. Its output is below.");
        }

        await task;
    }

    private async Task<T> UnlessASiloExitsAsync<T>(Task<T> task)
    {
        await UnlessASiloExitsAsync((Task)task);
        return await task;
    }
}
