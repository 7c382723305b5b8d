using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>Logs the SSE transport's effective options at start (validation already ran: <c>ValidateOnStart</c>).</summary>
internal sealed class SseStartup(IOptions<SseOptions> options, ILogger<SseStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        SseLog.Started(logger, (long)value.RetryInterval.TotalMilliseconds, value.PingInterval, value.MaxBytesPerFlush, value.DisconnectFlushTimeout);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
