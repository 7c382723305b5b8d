using System.Text.Json;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces;

public sealed class GrainsJsonContextTests
{
    [Fact]
    public void MetricSnapshot_Json_HasTheContractShape()
    {
        var snapshot = new MetricSnapshot("cpu.load",
        [
            new SeriesSnapshot(
                new Dictionary<string, string> { ["Host"] = "a" },
                Last: 0.42, Count: 3, Sum: 1.5, Min: 0.25, Max: 0.83, Rate: 0.05, P50: 0.42, P90: null, P99: 0.83,
                [new SeriesPoint(1764000000, 0.5), new SeriesPoint(1764000001, 0.25)]),
        ]);

        var json = JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.MetricSnapshot);

        Assert.Equal(
            """{"metric":"cpu.load","series":[{"tags":{"Host":"a"},"last":0.42,"count":3,"sum":1.5,"min":0.25,"max":0.83,"rate":0.05,"p50":0.42,"p90":null,"p99":0.83,"points":[[1764000000,0.5],[1764000001,0.25]]}]}""",
            json);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, GrainsJsonContext.Default.MetricSnapshot)!, GrainsJsonContext.Default.MetricSnapshot));
    }

    [Fact]
    public void MetricDelta_Json_IsTheSnapshotShapePlusWindowStartSecond()
    {
        var delta = new MetricDelta("cpu.load",
        [
            new SeriesDelta(
                new Dictionary<string, string> { ["host"] = "a" },
                Last: 0.42, Count: 3, Sum: 1.5, Min: 0.25, Max: 0.83, Rate: 0.05, P50: 0.42, P90: null, P99: 0.83,
                [new SeriesPoint(1764000001, 0.25)], WindowStartSecond: 1763999702),
        ]);

        var json = JsonSerializer.Serialize(delta, GrainsJsonContext.Default.MetricDelta);

        Assert.Equal(
            """{"metric":"cpu.load","series":[{"tags":{"host":"a"},"last":0.42,"count":3,"sum":1.5,"min":0.25,"max":0.83,"rate":0.05,"p50":0.42,"p90":null,"p99":0.83,"points":[[1764000001,0.25]],"windowStartSecond":1763999702}]}""",
            json);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, GrainsJsonContext.Default.MetricDelta)!, GrainsJsonContext.Default.MetricDelta));
    }

    [Fact]
    public void BoardDelta_Json_EntriesWithIndexAndTitleWhenChanged()
    {
        var delta = new BoardDelta("match-1", "Final", [new BoardEntryChange("team-a", 3, 1, 0)]);

        var json = JsonSerializer.Serialize(delta, GrainsJsonContext.Default.BoardDelta);

        Assert.Equal("""{"board":"match-1","title":"Final","entries":[{"id":"team-a","score":3,"rank":1,"index":0}]}""", json);
        Assert.Equal(delta.Entries, JsonSerializer.Deserialize(json, GrainsJsonContext.Default.BoardDelta)!.Entries);
    }

    [Fact]
    public void BoardDelta_UnchangedTitle_LeftOutAndReadBackAsNull()
    {
        var json = JsonSerializer.Serialize(new BoardDelta("match-1", null, []), GrainsJsonContext.Default.BoardDelta);

        Assert.Equal("""{"board":"match-1","entries":[]}""", json);
        Assert.Null(JsonSerializer.Deserialize(json, GrainsJsonContext.Default.BoardDelta)!.Title);
    }

    [Theory]
    [InlineData("{\"ts\":1}")]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    [InlineData("[\"1\",2]")]
    public void SeriesPoint_NotATwoNumberArray_Rejected(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, GrainsJsonContext.Default.SeriesPoint));
    }

    [Fact]
    public void BoardSnapshot_Json_HasTheContractShape()
    {
        var snapshot = new BoardSnapshot("match-1", "Final", [new BoardEntry("team-a", 3, 1), new BoardEntry("team-b", 3, 1)]);

        Assert.Equal(
            """{"board":"match-1","title":"Final","entries":[{"id":"team-a","score":3,"rank":1},{"id":"team-b","score":3,"rank":1}]}""",
            JsonSerializer.Serialize(snapshot, GrainsJsonContext.Default.BoardSnapshot));
    }

    [Fact]
    public void BoardCommand_ContractExample_Deserialises()
    {
        var command = JsonSerializer.Deserialize(
            """{"batchId":"optional","title":"optional","set":{"team-a":3},"add":{"team-b":1}}""",
            GrainsJsonContext.Default.BoardCommand)!;

        Assert.Equal("optional", command.BatchId);
        Assert.Equal("optional", command.Title);
        Assert.Equal(3, command.Set!["team-a"]);
        Assert.Equal(1, command.Add!["team-b"]);
        Assert.Null(JsonSerializer.Deserialize("{}", GrainsJsonContext.Default.BoardCommand)!.Set);
    }

    [Fact]
    public void MetricBatch_JsonRoundTrip_KeepsTagKeysAsSent()
    {
        var batch = new MetricBatch("b-1", [new MetricSample(1.5, 1764000000123, new Dictionary<string, string> { ["HostName"] = "A" })]);

        var json = JsonSerializer.Serialize(batch, GrainsJsonContext.Default.MetricBatch);
        var back = JsonSerializer.Deserialize(json, GrainsJsonContext.Default.MetricBatch)!;

        Assert.Equal("""{"batchId":"b-1","tagSets":[{"HostName":"A"}],"samples":[[0,1764000000123,1.5]]}""", json);
        Assert.Equal("A", back.Samples.Single().Tags["HostName"]);
        Assert.Equal(new RecordResult(2, false), JsonSerializer.Deserialize("""{"accepted":2,"duplicate":false}""", GrainsJsonContext.Default.RecordResult));
    }

    [Fact]
    public void MetricSample_NullTags_RejectedByTheContext()
    {
        Assert.Throws<JsonException>(
            () => JsonSerializer.Deserialize("""{"value":1,"timestampMs":1,"tags":null}""", GrainsJsonContext.Default.MetricSample));
    }
}
