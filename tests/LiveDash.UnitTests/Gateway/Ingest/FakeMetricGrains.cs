using LiveDash.Grains;
using LiveDash.Runtime;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>A cluster client whose metric grains answer through a function: for the ingest service's outcome mapping, without a silo.</summary>
internal sealed class FakeMetricGrains(Func<string, MetricBatch, Task<RecordResult>> record) : IClusterClient
{
    public List<(string Metric, MetricBatch Batch)> Calls { get; } = [];

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
        => (TGrainInterface)(object)new Grain(this, key);

    private sealed class Grain(FakeMetricGrains owner, string key) : IMetricGrain
    {
        public Task<RecordResult> RecordAsync(MetricBatch batch, CancellationToken cancellationToken = default)
        {
            lock (owner.Calls)
            {
                owner.Calls.Add((key, batch));
            }

            return owner._record(key, batch);
        }

        public Task<TopicSnapshot<MetricSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default)
            => throw new NotSupportedException();
    }

    private readonly Func<string, MetricBatch, Task<RecordResult>> _record = record;
}
