using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>Logs the effective <see cref="WebSocketTransportOptions"/> once at start (after validation).</summary>
internal sealed class WebSocketOptionsLog(IOptions<WebSocketTransportOptions> options, ILogger<WebSocketOptionsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        WebSocketLog.Started(logger, o.KeepAliveInterval, o.KeepAliveTimeout, o.MaxIncomingMessageBytes, o.MaxPendingRequests, o.MaxPendingReplies, o.CloseTimeout);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
