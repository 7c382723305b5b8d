using System.Diagnostics.Metrics;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Push;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Push;

/// <summary>Closing and disposing a <see cref="PushConnection"/> from different threads.</summary>
public sealed class PushConnectionCloseTests
{
    [ThreadStatic]
    private static Action? s_onDisconnectRecorded;

    [Fact]
    public async Task Close_DisposedWhileClosing_DoesNotThrow()
    {
        // Regression: Close checked the connection under its lock, then cancelled its token outside it; a
        // Dispose in between (the client leaving while the hub closes a slow consumer, or at shutdown)
        // disposed that token source, and Close threw ObjectDisposedException to the broadcaster.
        // The disconnect metric is recorded exactly in that window: the listener disposes the connection there.
        await using var test = new PushTestHub();
        var board = test.AddBoard("race");
        var connection = await test.ConnectAsync("sse", board);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "livedash.gateway.disconnects")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };

        // Thread-static, so measurements from tests running in parallel do nothing.
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => s_onDisconnectRecorded?.Invoke());
        listener.Start();
        s_onDisconnectRecorded = () =>
        {
            s_onDisconnectRecorded = null;
            // Completes synchronously (no I/O).
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        };

        try
        {
            connection.Close(DisconnectCode.SlowConsumer);
        }
        finally
        {
            s_onDisconnectRecorded = null;
        }

        Assert.Equal(DisconnectCode.SlowConsumer, connection.ClosedBy);
        Assert.True(connection.Closed.IsCancellationRequested);
        Assert.Equal(0, test.Hub.ConnectionCount);
    }

    [Fact]
    public async Task Close_AfterDispose_IsIgnored()
    {
        await using var test = new PushTestHub();
        var connection = await test.ConnectAsync("sse", test.AddBoard("gone"));
        await connection.DisposeAsync();

        connection.Close(DisconnectCode.Shutdown);

        Assert.Null(connection.ClosedBy);
        Assert.Empty(test.Metrics.Snapshot().Disconnects);
    }
}
