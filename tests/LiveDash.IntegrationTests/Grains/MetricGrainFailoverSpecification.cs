using System.Diagnostics;
using LiveDash.Grains;
using LiveDash.Grains.Hosting;
using LiveDash.IntegrationTests.Cluster;
using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>
/// Metric grains on journaled state in a three-silo cluster, their owner killed mid-ingest: the new
/// owners' activations replay exactly the acknowledged batches and still recognise their batch ids.
/// Each grain storage setup (shared memory; PostgreSQL) derives a class from this one.
/// </summary>
public abstract class MetricGrainFailoverSpecification : IAsyncLifetime
{
    private const int PointsPerBatch = 2;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);
    private static readonly long s_start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>A builder with this setup's grain storage (and membership); the product grains are added by the base.</summary>
    protected abstract Task<TestClusterBuilder> CreateBuilderAsync();

    public async Task InitializeAsync()
    {
        var builder = (await CreateBuilderAsync())
            .ConfigureSilo(silo => silo.AddLiveDashGrains())
            .ConfigureClient(client => client.AddLiveDashGrains());
        _cluster = await builder.BuildAndStartAsync();
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
    public async Task OwnerSiloKilledMidIngest_NewOwnerHoldsExactlyTheAcknowledgedBatches_AndStillKnowsTheirIds()
    {
        var victim = Cluster.Silos[1];
        var metrics = Enumerable.Range(0, 400).Select(i => $"failover.m{i}")
            .Where(key => Cluster.OwnerOf(MetricGrainId(key)) == victim.Address)
            .Take(4)
            .ToList();
        Assert.Equal(4, metrics.Count);
        var progress = new WriteProgress(metrics.Count);
        using var stop = new CancellationTokenSource(s_bound);

        // Each writer sends batch i until it is acknowledged (the same batch id on every retry, as an
        // ingest client does), then batch i + 1; so when the writers stop, every batch ever sent is
        // acknowledged, and the metric must hold each exactly once.
        var deadline = Stopwatch.StartNew();
        var writers = metrics.Select((metric, m) => Task.Run(async () =>
        {
            var grain = Cluster.Client.GetGrain<IMetricGrain>(metric);
            var failures = 0;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var batch = Batch(metric, i);
                while (true)
                {
                    progress.Attempt(m);
                    try
                    {
                        await grain.RecordAsync(batch);
                        progress.Acknowledge(m);
                        break;
                    }
                    catch (Exception error) when (error is not (InvalidGrainInputException or SeriesLimitExceededException) && deadline.Elapsed < 2 * s_bound)
                    {
                        // Not acknowledged (the owner died, or the call reached a stale activation): retry.
                        failures++;
                    }
                }
            }

            return failures;
        })).ToList();

        await Expect(progress.WhenAsync(acked => acked.All(a => a >= 20)), "20 acknowledged batches per metric before the kill");
        await Cluster.KillSiloAsync(victim);
        var atKill = Enumerable.Range(0, metrics.Count).Select(progress.Acknowledged).ToArray();
        await Expect(
            progress.WhenAsync(acked => acked.Select((a, m) => a - atKill[m]).All(more => more >= 20)),
            "20 more acknowledged batches per metric after the kill");
        await stop.CancelAsync();
        var failures = await Task.WhenAll(writers);

        for (var m = 0; m < metrics.Count; m++)
        {
            var acknowledged = progress.Acknowledged(m);
            var series = (await Cluster.Client.GetGrain<IMetricGrain>(metrics[m]).GetSnapshotAsync()).Data.Series;
            var expectedSum = Enumerable.Range(0, acknowledged).Sum(i => Batch(metrics[m], i).Samples.Sum(s => s.Value));
            Assert.Equal(((long)acknowledged * PointsPerBatch, expectedSum), (series.Sum(s => s.Count), series.Sum(s => s.Sum)));
            Assert.NotEqual(victim.Address, Cluster.OwnerOf(MetricGrainId(metrics[m])));

            // The ids of batches acknowledged before and after the kill are still remembered.
            foreach (var i in new[] { 0, atKill[m] - 1, acknowledged - 1 })
            {
                Assert.True(
                    (await Cluster.Client.GetGrain<IMetricGrain>(metrics[m]).RecordAsync(Batch(metrics[m], i))).Duplicate,
                    $"batch {i} of {metrics[m]} was not recognised as a duplicate after the failover");
            }
        }

        Assert.True(failures.Sum() > 0, "the kill interrupted no write, so the test proved nothing about failover");
    }

    private static GrainId MetricGrainId(string metric) => new(TopicStreams.MetricNamespace, metric);

    // Batch i of a metric: two points (on two tag sets) whose values identify it, timestamped by i so
    // a retry is the very same batch.
    private static MetricBatch Batch(string metric, int i)
    {
        var timestampMs = s_start + (i * 10L);
        return new MetricBatch(
            $"{metric}-{i}",
            [
                new MetricSample(i + 1, timestampMs, new Dictionary<string, string> { ["host"] = "a" }),
                new MetricSample((i + 1) * 1000, timestampMs, new Dictionary<string, string> { ["host"] = "b" }),
            ]);
    }

    private static async Task Expect(Task task, string expected)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await task.WaitAsync(s_bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {clock.Elapsed.TotalSeconds:0} s for {expected}.");
        }
    }
}
