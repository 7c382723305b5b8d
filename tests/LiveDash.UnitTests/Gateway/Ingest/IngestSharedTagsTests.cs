using System.Text;
using LiveDash.Gateway.Ingest;
using Xunit;
using static LiveDash.UnitTests.Gateway.Ingest.IngestTestData;

namespace LiveDash.UnitTests.Gateway.Ingest;

/// <summary>
/// The parsers hand the samples of one series one tags dictionary, so a grain's batch writes each tag
/// set once and the grain keys each series once; this must hold past the parsers' cache sizes too.
/// </summary>
public sealed class IngestSharedTagsTests
{
    // More series than the series-key cache keeps (half of its 256 slots), each seen three times.
    private const int Metrics = 200;
    private const int Hosts = 4;

    [Fact]
    public void LineProtocol_MoreSeriesThanTheSeriesKeyCache_OneDictionaryPerTagSet()
    {
        var body = new StringBuilder();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Metrics * Hosts; i++)
            {
                body.Append('m').Append(i % Metrics).Append(",host=h").Append(i / Metrics).Append(",region=eu value=").Append(round)
                    .Append(' ').Append((NowMs - round) * 1_000_000).Append('\n');
            }
        }

        AssertOneDictionaryPerTagSet(Accepted(Lines(body.ToString())));
    }

    [Fact]
    public void Json_MoreSeriesThanTheSeriesKeyCache_OneDictionaryPerTagSet()
    {
        var body = new StringBuilder("{\"points\":[");
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Metrics * Hosts; i++)
            {
                body.Append(round + i == 0 ? "" : ",").Append("{\"metric\":\"m").Append(i % Metrics).Append("\",\"value\":").Append(round)
                    .Append(",\"ts\":").Append(NowMs - round).Append(",\"tags\":{\"host\":\"h").Append(i / Metrics).Append("\",\"region\":\"eu\"}}");
            }
        }

        AssertOneDictionaryPerTagSet(Accepted(Json(body.Append("]}").ToString())));
    }

    private static void AssertOneDictionaryPerTagSet(ParsedMetricBatch batch)
    {
        Assert.Equal(3 * Metrics * Hosts, batch.Points.Count);
        var byHost = batch.Points.GroupBy(p => p.Sample.Tags["host"]).ToList();
        Assert.Equal(Hosts, byHost.Count);
        foreach (var host in byHost)
        {
            var instances = host.Select(p => p.Sample.Tags).Distinct(ReferenceEqualityComparer.Instance).Count();
            Assert.True(instances == 1, $"The points of host {host.Key} hold {instances} tags dictionaries; one expected.");
        }
    }
}
