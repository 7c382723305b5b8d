using LiveDash.Grains;
using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>Describes the <see cref="MetricBatch"/> it received, as decoded on its silo.</summary>
public interface IMetricBatchProbeGrain : IGrainWithStringKey
{
    /// <summary>
    /// One line per sample: its index, the value's bits, the timestamp, its tags in key order, and which
    /// tags dictionary instance of the batch it holds (numbered in order of first use); the batch id first.
    /// </summary>
    Task<string> DescribeAsync(MetricBatch batch);
}
