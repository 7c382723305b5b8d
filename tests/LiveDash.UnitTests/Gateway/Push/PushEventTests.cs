using System.Text;
using System.Text.Json;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Push;

public sealed class PushEventTests
{
    private static readonly Topic s_cpu = Topic.Metric("cpu.load");

    [Fact]
    public void Create_Update_EncodesTheContractObjectOnceForEachTransport()
    {
        var position = new StreamSequenceToken(36, 1042);

        var pushEvent = PushEvent.Create(s_cpu, PushEventType.Update, position, """{"metric":"cpu.load","series":[]}"""u8);

        var json = Encoding.UTF8.GetString(pushEvent.Json.Span);
        Assert.Equal("""{"type":"update","topic":"metric:cpu.load","seq":1042,"epoch":"10","data":{"metric":"cpu.load","series":[]}}""", json);
        Assert.Equal("event: update\ndata: " + json + "\n", Encoding.UTF8.GetString(pushEvent.SseFields.Span));
        using var ws = JsonDocument.Parse(pushEvent.WebSocketMessage);
        Assert.Equal("event", ws.RootElement.GetProperty("op").GetString());
        Assert.Equal("update", ws.RootElement.GetProperty("type").GetString());
        Assert.Equal(PushCursor.Segment(s_cpu, position), ws.RootElement.GetProperty("cursor").GetString());
        Assert.Equal(1042, ws.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal("cpu.load", ws.RootElement.GetProperty("data").GetProperty("metric").GetString());
    }

    [Fact]
    public void Create_UnrecoveredSnapshot_SaysSoInEveryEncoding()
    {
        var pushEvent = PushEvent.Create(s_cpu, PushEventType.Snapshot, new StreamSequenceToken(1, 2), "{}"u8, recovered: false);

        Assert.Contains("\"recovered\":false", Encoding.UTF8.GetString(pushEvent.Json.Span), StringComparison.Ordinal);
        Assert.Contains("\"recovered\":false", Encoding.UTF8.GetString(pushEvent.WebSocketMessage.Span), StringComparison.Ordinal);
        Assert.StartsWith("event: snapshot\n", Encoding.UTF8.GetString(pushEvent.SseFields.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Reset_GivesWebSocketClientsNoCursorToAdopt()
    {
        var pushEvent = PushEvent.Create(s_cpu, PushEventType.Reset, new StreamSequenceToken(2, 0), """{"reason":"epoch_changed"}"""u8);

        using var ws = JsonDocument.Parse(pushEvent.WebSocketMessage);
        Assert.Equal("reset", ws.RootElement.GetProperty("type").GetString());
        Assert.False(ws.RootElement.TryGetProperty("cursor", out _));
    }
}
