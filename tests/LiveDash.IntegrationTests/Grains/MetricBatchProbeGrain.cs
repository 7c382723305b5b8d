using System.Globalization;
using System.Text;
using LiveDash.Grains;
using LiveDash.Runtime;

namespace LiveDash.IntegrationTests.Grains;

/// <summary>See <see cref="IMetricBatchProbeGrain"/>.</summary>
internal sealed class MetricBatchProbeGrain : Grain, IMetricBatchProbeGrain
{
    public Task<string> DescribeAsync(MetricBatch batch)
        => Task.FromResult(Describe(batch, batch.Samples.Select(s => (object)s.Tags).ToArray(), ReferenceEqualityComparer.Instance));

    /// <summary>
    /// The description; <paramref name="identities"/> gives each sample's tag-set identity and
    /// <paramref name="comparer"/> says when two are the same tag set.
    /// </summary>
    public static string Describe(MetricBatch batch, object[] identities, IEqualityComparer<object> comparer)
    {
        var text = new StringBuilder("batch ").Append(batch.BatchId ?? "(null)").Append('\n');
        var numbers = new Dictionary<object, int>(comparer);
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            var sample = batch.Samples[i];
            if (!numbers.TryGetValue(identities[i], out var number))
            {
                numbers.Add(identities[i], number = numbers.Count);
            }

            text.Append(i).Append(' ')
                .Append(BitConverter.DoubleToInt64Bits(sample.Value).ToString("X16", CultureInfo.InvariantCulture)).Append(' ')
                .Append(sample.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .AppendJoin(',', sample.Tags.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)).Append(' ')
                .Append("dictionary#").Append(number).Append('\n');
        }

        return text.ToString();
    }
}
