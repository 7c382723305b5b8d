using System.Text;
using System.Text.Json;
using LiveDash.Baselines.RawSse;
using LiveDash.Baselines.SignalR;
using Microsoft.AspNetCore.SignalR;

namespace LiveDash.Baselines.Publishing;

/// <summary>
/// Publishes <see cref="BaselineOptions.EventsPerSecond"/> events a second to both baselines: the
/// raw SSE broadcaster (one encoding per event, the same bytes to every response) and the SignalR
/// hub (<c>Clients.All.SendAsync</c>, which serialises once per protocol). The timestamp is taken
/// last, just before the event is handed to the transports.
/// </summary>
internal sealed class EventPublisher : BackgroundService
{
    private readonly BaselineOptions _options;
    private readonly RawSseBroadcaster _raw;
    private readonly IHubContext<BroadcastHub> _hub;
    private long _published;

    public EventPublisher(BaselineOptions options, RawSseBroadcaster raw, IHubContext<BroadcastHub> hub)
    {
        _options = options;
        _raw = raw;
        _hub = hub;
    }

    public long Published => Interlocked.Read(ref _published);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.EventsPerSecond <= 0)
        {
            return;
        }

        var pad = new string('x', _options.PadBytes);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / _options.EventsPerSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var seq = Interlocked.Increment(ref _published);
                var item = new BenchEvent(seq, BenchEvent.UnixMicrosecondsNow(), pad);
                _raw.Broadcast(EncodeSse(item));
                await _hub.Clients.All.SendAsync(BroadcastHub.EventTarget, item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One SSE event: <c>data: {json}\n\n</c>, encoded once for every raw connection.</summary>
    private static byte[] EncodeSse(BenchEvent item)
    {
        var json = JsonSerializer.Serialize(item, BaselineJsonContext.Default.BenchEvent);
        return Encoding.UTF8.GetBytes($"data: {json}\n\n");
    }
}
