using System.Globalization;
using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>
/// A <see cref="MetricBatch"/> crossing the wire from a client to a silo of a two-silo cluster, in its
/// compact form: it arrives intact, with one tags dictionary per tag set, and the metric grain still
/// names an invalid sample.
/// </summary>
public sealed class MetricBatchRemoteCallTests : IAsyncLifetime
{
    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        _cluster = await new TestClusterBuilder { InitialSilosCount = 2 }
            .UseSharedMemoryStorage()
            .ConfigureSilo(silo => silo.AddLiveDashGrains().AddGrains(typeof(MetricBatchRemoteCallTests).Assembly))
            .ConfigureClient(client => client.AddLiveDashGrains().AddGrainTypes(typeof(MetricBatchRemoteCallTests).Assembly))
            .BuildAndStartAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task RemoteCall_BatchWithSharedAndCopiedTags_ArrivesIntactWithOneDictionaryPerTagSet()
    {
        var h0 = new Dictionary<string, string> { ["host"] = "h0", ["region"] = "eu" };
        var batch = new MetricBatch("b-remote-1",
        [
            new MetricSample(0.1, 1764000000123, h0),
            new MetricSample(-0.0, long.MaxValue, new Dictionary<string, string> { ["host"] = "h1", ["region"] = "us" }),
            new MetricSample(double.Epsilon, long.MinValue, new Dictionary<string, string> { ["region"] = "eu", ["host"] = "h0" }),
            new MetricSample(-1e280, 0, CanonicalTags.Empty),
            new MetricSample(1 / 3.0, 1764000000124, h0),
            new MetricSample(double.MaxValue, -1, new Dictionary<string, string>()),
        ]);

        // Grains on either silo; every call comes from the client, so each crosses the wire.
        var keys = Enumerable.Range(0, 8).Select(i => "probe-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var descriptions = await Task.WhenAll(keys.Select(k => Cluster.Client.GetGrain<IMetricBatchProbeGrain>(k).DescribeAsync(batch)));

        // Expected: the samples as sent, and samples with equal tags (not only the same instance) sharing one dictionary.
        var expected = MetricBatchProbeGrain.Describe(batch, [.. batch.Samples.Select(s => (object)Canonical(s.Tags))], EqualityComparer<object>.Default);
        Assert.Contains("2 0000000000000001 -9223372036854775808 host=h0,region=eu dictionary#0", expected, StringComparison.Ordinal);
        Assert.All(descriptions, description => Assert.Equal(expected, description));
    }

    [Fact]
    public async Task RemoteCall_MetricGrain_AppliesTheBatchAndStillNamesAnInvalidSample()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var hosts = Enumerable.Range(0, 4).Select(h => new Dictionary<string, string> { ["host"] = "h" + h, ["region"] = h % 2 == 0 ? "eu" : "us" }).ToArray();
        var grain = Cluster.Client.GetGrain<IMetricGrain>("codec.remote");

        var result = await grain.RecordAsync(new MetricBatch("b-1", [.. Enumerable.Range(0, 20).Select(i => new MetricSample(i, now - i, hosts[i % 4]))]));
        var invalid = new MetricBatch("b-2", [new MetricSample(1, now, hosts[0]), new MetricSample(2, now, hosts[1]), new MetricSample(double.NaN, now, hosts[0])]);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.RecordAsync(invalid));
        var snapshot = await grain.GetSnapshotAsync();

        Assert.Equal(new RecordResult(20, Duplicate: false), result);
        Assert.Equal(["host=h0,region=eu", "host=h1,region=us", "host=h2,region=eu", "host=h3,region=us"], snapshot.Data.Series.Select(s => Canonical(s.Tags)));
        Assert.All(snapshot.Data.Series, series => Assert.Equal(5, series.Count));
        Assert.Equal(Enumerable.Range(0, 20).Sum(), snapshot.Data.Series.Sum(s => s.Sum));
        Assert.Contains("Item 2: value NaN", error.Message, StringComparison.Ordinal);
    }

    private static string Canonical(IReadOnlyDictionary<string, string> tags)
        => string.Join(',', tags.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
}
